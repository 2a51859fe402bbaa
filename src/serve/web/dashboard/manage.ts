// Adding, changing and deleting monitors from the dashboard: /manage/new, /manage/{name},
// /manage/{name}/delete. The form becomes the API's JSON body and goes through the same
// MonitorService.putApiMonitor as `POST /api/v1/monitors` — one validation, the config's — and
// each problem it reports is shown next to its field. Config-file monitors are shown read-only.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConfigError } from '../../config/errors.js';
import { MonitorConflict, MonitorReadOnly, type MonitorService } from '../../engine/types.js';
import { readForm } from './form-body.js';
import { formPage, confirmDeletePage, FORM_FIELDS, type FieldName, type FormValues } from './manage-html.js';
import { messagePage } from './message-html.js';
import { csrfMatches, type SignedInUser } from './session-guard.js';

export interface ManageContext {
  service: MonitorService;
  user: SignedInUser;
  reply: (req: IncomingMessage, res: ServerResponse, status: number, body: string, headers?: Record<string, string>) => void;
  redirect: (req: IncomingMessage, res: ServerResponse, to: string) => void;
  /** The list's index must see the change now. */
  invalidate: () => void;
  forget: (name: string) => void;
}

export async function handleManage(req: IncomingMessage, res: ServerResponse, ctx: ManageContext): Promise<void> {
  const { user, reply } = ctx;
  const segments = decode((req.url ?? '/').split('?')[0]!.split('/').slice(2));
  if (!segments || segments.length === 0 || segments.length > 2 || segments[0] === '' || (segments.length === 2 && !ACTIONS.has(segments[1]!))) {
    return reply(req, res, 404, messagePage(user, 'Not found', 'There is no such page.'));
  }
  const isNew = segments.length === 1 && segments[0] === 'new';
  const name = isNew ? null : segments[0]!;
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') return reply(req, res, 405, messagePage(user, 'Not allowed', 'Use the form.'), { Allow: 'GET, HEAD, POST' });

  let settings: Record<string, unknown> = {};
  let url = '';
  let readOnly = false;
  if (name !== null) {
    const record = await ctx.service.store.getMonitor(name);
    if (!record) return reply(req, res, 404, messagePage(user, 'Not found', `There is no monitor named ${JSON.stringify(name.slice(0, 100))}.`));
    settings = record.settings;
    url = record.url;
    readOnly = record.source === 'config' || ctx.service.sourceOf(name) === 'config';
  }
  const action = segments.length === 2 ? segments[1]! : null;
  const deleting = action === 'delete';

  if (action === 'pause' || action === 'resume') return await pauseOrResume(req, res, ctx, name!, action);

  if (method !== 'POST') {
    if (deleting) return reply(req, res, 200, confirmDeletePage(user, name!, readOnly));
    return reply(req, res, 200, formPage(user, { name, values: valuesOf(name, url, settings), errors: {}, readOnly }));
  }

  const form = await readForm(req);
  if (!csrfMatches(req, user, form.get('csrf'))) {
    return reply(req, res, 403, messagePage(user, 'Refused', 'This form has no valid form token (or came from another site); reload the page and try again.'));
  }
  if (readOnly) return reply(req, res, 409, messagePage(user, 'Read-only', `The monitor ${JSON.stringify(name)} comes from the config file; change it there.`));

  if (deleting) {
    try {
      await ctx.service.removeApiMonitor(name!);
    } catch (error) {
      if (error instanceof MonitorReadOnly) return reply(req, res, 409, messagePage(user, 'Read-only', error.message));
      throw error;
    }
    ctx.forget(name!);
    ctx.invalidate();
    return ctx.redirect(req, res, `/?done=${encodeURIComponent(`Deleted ${name!}.`)}`);
  }

  const values = Object.fromEntries(FORM_FIELDS.map((field) => [field, (form.get(field) ?? '').slice(0, 8192)])) as FormValues;
  if (name !== null) values.name = name;
  const body = bodyOf(values, settings);
  try {
    await ctx.service.putApiMonitor(body, name === null ? { replace: false } : { replace: true, name });
  } catch (error) {
    const errors = fieldErrors(error);
    if (!errors) throw error;
    return reply(req, res, 400, formPage(user, { name, values, errors, readOnly: false }));
  }
  ctx.invalidate();
  const done = name === null ? `Added ${values.name}.` : `Saved ${values.name}.`;
  return ctx.redirect(req, res, `/?q=${encodeURIComponent(values.name)}&done=${encodeURIComponent(done)}`);
}

const ACTIONS: ReadonlySet<string> = new Set(['delete', 'pause', 'resume']);

/** Pause or resume: a POST with the CSRF token, for any monitor (pausing changes no setting); then back to its page. */
async function pauseOrResume(req: IncomingMessage, res: ServerResponse, ctx: ManageContext, name: string, action: 'pause' | 'resume'): Promise<void> {
  const { user, reply } = ctx;
  if ((req.method ?? 'GET') !== 'POST') return reply(req, res, 405, messagePage(user, 'Not allowed', 'Use the button on the monitor\'s page.'), { Allow: 'POST' });
  const form = await readForm(req);
  if (!csrfMatches(req, user, form.get('csrf'))) {
    return reply(req, res, 403, messagePage(user, 'Refused', 'This form has no valid form token (or came from another site); reload the page and try again.'));
  }
  const change = action === 'pause' ? ctx.service.pause : ctx.service.resume;
  if (!change) return reply(req, res, 501, messagePage(user, 'Not available', 'This server cannot pause monitors.'));
  await change.call(ctx.service, name);
  ctx.invalidate();
  return ctx.redirect(req, res, `/monitors/${encodeURIComponent(name)}`);
}

function decode(parts: string[]): string[] | null {
  try {
    return parts.map(decodeURIComponent);
  } catch {
    return null;
  }
}

/** What the form shows of a stored monitor. */
function valuesOf(name: string | null, url: string, settings: Record<string, unknown>): FormValues {
  const expect = (settings.expect ?? {}) as Record<string, unknown>;
  const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
  return {
    name: name ?? '',
    type: settings.type === 'tcp' ? 'tcp' : 'http',
    url: settings.type === 'tcp' ? '' : url,
    target: text(settings.target),
    method: text(settings.method),
    interval: text(settings.interval),
    timeout: text(settings.timeout),
    tags: Array.isArray(settings.tags) ? settings.tags.map(String).join(', ') : '',
    expectStatus: Array.isArray(expect.status) ? expect.status.map(String).join(', ') : '',
    bodyContains: text(expect.bodyContains),
  };
}

/**
 * The API body: the stored settings (headers, notify and whatever the form does not show stay as
 * they were), with the form's fields put over them; an empty field is left out (the defaults).
 */
export function bodyOf(values: FormValues, settings: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = { ...settings };
  const set = (key: string, value: unknown): void => {
    if (value === '' || value === undefined || (Array.isArray(value) && value.length === 0)) delete body[key];
    else body[key] = value;
  };
  body.name = values.name.trim();
  if (values.type === 'tcp') {
    body.type = 'tcp';
    delete body.url;
    delete body.method;
    set('target', values.target.trim());
  } else {
    delete body.type;
    delete body.target;
    set('url', values.url.trim());
    set('method', values.method.trim().toUpperCase());
  }
  set('interval', values.interval.trim());
  set('timeout', values.timeout.trim());
  set('tags', values.tags.split(',').map((t) => t.trim()).filter((t) => t !== ''));
  const expect: Record<string, unknown> = { ...((settings.expect ?? {}) as Record<string, unknown>) };
  const statuses = values.expectStatus.split(',').map((s) => s.trim()).filter((s) => s !== '').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  if (statuses.length > 0) expect.status = statuses;
  else delete expect.status;
  if (values.bodyContains !== '' && values.type !== 'tcp') expect.bodyContains = values.bodyContains;
  else delete expect.bodyContains;
  if (values.type === 'tcp') delete expect.status;
  if (Object.keys(expect).length > 0) body.expect = expect;
  else delete body.expect;
  return body;
}

/** The validation's problems by form field; null when the error is not the user's. */
function fieldErrors(error: unknown): Partial<Record<FieldName | 'general', string[]>> | null {
  const errors: Partial<Record<FieldName | 'general', string[]>> = {};
  const add = (field: FieldName | 'general', message: string): void => { (errors[field] ??= []).push(message); };
  if (error instanceof MonitorConflict) add('name', 'a monitor of that name already exists; choose another name');
  else if (error instanceof MonitorReadOnly) add('name', 'that name belongs to a monitor of the config file');
  else if (error instanceof ConfigError) {
    for (const issue of error.issues) add(fieldOf(issue.path), issue.path && fieldOf(issue.path) === 'general' ? `${issue.path}: ${issue.message}` : issue.message);
  } else return null;
  return errors;
}

function fieldOf(path: string): FieldName | 'general' {
  if (path.startsWith('expect.status')) return 'expectStatus';
  if (path.startsWith('expect.bodyContains')) return 'bodyContains';
  const head = path.split(/[.[]/)[0] ?? '';
  return (FORM_FIELDS as readonly string[]).includes(head) ? head as FieldName : 'general';
}
