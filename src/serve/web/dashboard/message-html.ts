// Plain signed-in pages that only say something: refused, not found, unavailable.
import { escapeHtml } from '../escape.js';
import { shell } from './shell.js';

export function messagePage(user: { name: string; csrf: string } | null, title: string, text: string): string {
  return shell({ title, user, body: `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(text)}</p>\n<p><a href="/">Back to the monitors</a></p>` });
}
