// The buttons on a monitor's page for a signed-in user: pause or resume (any monitor, config-file
// ones too: pausing changes no setting), edit and delete (monitors made through the API or the
// dashboard). Each state change is a POST form carrying the session's CSRF token, answered by
// handleManage under /manage/{name}/….
import { escapeHtml as e } from '../escape.js';
import type { SignedInUser } from './session-guard.js';

export interface MonitorActionsView {
  name: string;
  paused: boolean;
  /** From the config file: no edit or delete here. */
  readOnly: boolean;
}

export function monitorActionsHtml(user: SignedInUser, view: MonitorActionsView): string {
  const base = `/manage/${encodeURIComponent(view.name)}`;
  const post = (action: string, label: string, cls = ''): string =>
    `<form class="inline" method="post" action="${e(`${base}/${action}`)}"><input type="hidden" name="csrf" value="${e(user.csrf)}"><button type="submit"${cls ? ` class="${cls}"` : ''}>${label}</button></form>`;
  const parts = [view.paused ? post('resume', 'Resume checks', 'primary') : post('pause', 'Pause checks')];
  if (!view.readOnly) {
    parts.push(`<a class="button" href="${e(base)}">Edit</a>`, `<a class="button" href="${e(`${base}/delete`)}">Delete…</a>`);
  } else {
    parts.push('<span class="muted">From the config file: edit it there.</span>');
  }
  return parts.join(' ');
}

/** The page with the actions put into its empty slot (the monitor page's `#monitor-actions`). */
export function fillActionsSlot(html: string, actions: string): string {
  return html.replace(/(<div class="actions-slot" id="monitor-actions"[^>]*>)(<\/div>)/, (_all, open: string, close: string) => `${open}${actions}${close}`);
}
