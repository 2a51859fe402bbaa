// The sign-in page: a user name and password, or an API token (the contract lets users sign in
// with one). No script; the form posts back to /login with where to go next.
import { escapeHtml } from '../escape.js';
import { shell } from './shell.js';

export interface LoginView {
  next: string;
  name?: string;
  /** A sentence shown above the form (wrong password, too many attempts, signed out). */
  message?: { kind: 'error' | 'info'; text: string };
  /** Whether the config lists users (else only the token form makes sense). */
  hasUsers: boolean;
}

export function loginPage(view: LoginView): string {
  const next = `<input type="hidden" name="next" value="${escapeHtml(view.next)}">`;
  const message = view.message
    ? `<p class="notice ${view.message.kind}" role="${view.message.kind === 'error' ? 'alert' : 'status'}">${escapeHtml(view.message.text)}</p>` : '';
  const password = `<form method="post" action="/login" aria-label="Sign in with a password">
${next}
<label for="name">User name</label>
<input id="name" name="name" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${escapeHtml(view.name ?? '')}"${view.name ? '' : ' autofocus'}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${view.name ? ' autofocus' : ''}>
<p><button class="primary" type="submit">Sign in</button></p>
</form>`;
  const token = `<form method="post" action="/login" aria-label="Sign in with an API token">
${next}
<label for="token">API token</label>
<input id="token" name="token" type="password" autocomplete="off" required>
<p><button type="submit">Sign in with the token</button></p>
</form>`;
  const body = `<div class="signin">
<h1>Sign in</h1>
${message}
${view.hasUsers ? `${password}\n<details><summary>Use an API token instead</summary>${token}</details>` : `<p class="muted">No users are set in the config (ui.users); sign in with an API token.</p>\n${token}`}
</div>`;
  return shell({ title: 'Sign in', user: null, body });
}
