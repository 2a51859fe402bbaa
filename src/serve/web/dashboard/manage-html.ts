// The monitor form (add and edit) and the delete confirmation. Each field has its label, its hint
// and, after a refused save, its problems right below it (aria-describedby ties them together).
import { escapeHtml } from '../escape.js';
import { shell } from './shell.js';
import type { SignedInUser } from './session-guard.js';

export const FORM_FIELDS = ['name', 'type', 'url', 'target', 'method', 'interval', 'timeout', 'tags', 'expectStatus', 'bodyContains'] as const;
export type FieldName = (typeof FORM_FIELDS)[number];
export type FormValues = Record<FieldName, string>;

export interface FormView {
  /** null: a new monitor. */
  name: string | null;
  values: FormValues;
  errors: Partial<Record<FieldName | 'general', string[]>>;
  readOnly: boolean;
}

const LABELS: Record<FieldName, [label: string, hint: string]> = {
  name: ['Name', 'Unique; letters, digits, . _ - (it names the monitor in the API and the URLs).'],
  type: ['Type', 'http checks a URL; tcp connects to host:port.'],
  url: ['URL', 'For http monitors, like https://example.com/health.'],
  target: ['Target', 'For tcp monitors, host:port, like db.example.com:5432.'],
  method: ['Method', 'GET when left empty.'],
  interval: ['Interval', 'How often, like 30s or 5m; the config default when empty.'],
  timeout: ['Timeout', 'Like 10s; the config default when empty.'],
  tags: ['Tags', 'Comma-separated, like shop, eu.'],
  expectStatus: ['Expected status', 'Comma-separated, like 2xx, 301; any 2xx/3xx when empty.'],
  bodyContains: ['Body contains', 'Text the answer must contain (http only).'],
};

function field(view: FormView, key: FieldName): string {
  const [label, hint] = LABELS[key];
  const errors = view.errors[key] ?? [];
  const value = view.values[key] ?? '';
  const described = `${key}-hint${errors.length ? ` ${key}-error` : ''}`;
  const common = `id="${key}" name="${key}" aria-describedby="${described}"${errors.length ? ' aria-invalid="true"' : ''}${view.readOnly ? ' disabled' : ''}`;
  let input: string;
  if (key === 'type') {
    input = `<select ${common}>${['http', 'tcp'].map((t) => `<option value="${t}"${value === t ? ' selected' : ''}>${t}</option>`).join('')}</select>`;
  } else if (key === 'name' && view.name !== null) {
    input = `<input type="text" ${common} value="${escapeHtml(value)}" readonly>`;
  } else {
    input = `<input type="${key === 'url' ? 'url' : 'text'}" ${common} value="${escapeHtml(value)}"${key === 'name' ? ' required autocomplete="off"' : ''}>`;
  }
  const errorText = errors.length ? `<p class="field-error" id="${key}-error">${errors.map(escapeHtml).join('<br>')}</p>` : '';
  return `<div class="field"><label for="${key}">${label}</label>${input}<p class="muted" id="${key}-hint">${escapeHtml(hint)}</p>${errorText}</div>`;
}

export function formPage(user: SignedInUser, view: FormView): string {
  const title = view.name === null ? 'Add a monitor' : `Edit ${view.name}`;
  const general = view.errors.general ?? [];
  const problems = Object.values(view.errors).reduce((n, list) => n + (list?.length ?? 0), 0);
  const action = view.name === null ? '/manage/new' : `/manage/${encodeURIComponent(view.name)}`;
  const summary = problems > 0
    ? `<div class="notice error" role="alert"><p>The monitor was not saved: ${problems === 1 ? 'one problem' : `${problems} problems`}, shown by ${problems === 1 ? 'its field' : 'their fields'}.</p>${general.map((g) => `<p>${escapeHtml(g)}</p>`).join('')}</div>` : '';
  const readOnly = view.readOnly
    ? `<p class="notice info" role="status">This monitor comes from the config file: it is read-only here. Change it in the file; whydown reloads it.</p>` : '';
  const remove = view.name !== null && !view.readOnly ? `<p><a class="button" href="${escapeHtml(`/manage/${encodeURIComponent(view.name)}/delete`)}">Delete this monitor…</a></p>` : '';
  const body = `<h1>${escapeHtml(title)}</h1>
${readOnly}${summary}
<form method="post" action="${escapeHtml(action)}" novalidate>
<input type="hidden" name="csrf" value="${escapeHtml(user.csrf)}">
${FORM_FIELDS.map((key) => field(view, key)).join('\n')}
${view.readOnly ? '' : `<p><button class="primary" type="submit">${view.name === null ? 'Add the monitor' : 'Save'}</button> <a href="/">Cancel</a></p>`}
</form>
${remove}`;
  return shell({ title, user, current: 'monitors', body });
}

export function confirmDeletePage(user: SignedInUser, name: string, readOnly: boolean): string {
  const body = readOnly
    ? `<h1>Delete ${escapeHtml(name)}</h1><p class="notice info">This monitor comes from the config file; remove it there.</p><p><a href="/">Back</a></p>`
    : `<h1>Delete ${escapeHtml(name)}?</h1>
<p>The monitor stops and its history (results, incidents) is deleted. This cannot be undone.</p>
<form method="post" action="${escapeHtml(`/manage/${encodeURIComponent(name)}/delete`)}">
<input type="hidden" name="csrf" value="${escapeHtml(user.csrf)}">
<p><button class="danger" type="submit">Delete ${escapeHtml(name)}</button> <a href="${escapeHtml(`/manage/${encodeURIComponent(name)}`)}">Cancel</a></p>
</form>`;
  return shell({ title: `Delete ${name}`, user, current: 'monitors', body });
}
