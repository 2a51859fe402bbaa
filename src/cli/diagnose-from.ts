// `whydown diagnose <url> --from fra-1,nyc-1 --hub <url> --token <token>`: the full checklist
// run on each named vantage's agent through the hub (POST /api/v1/vantages/{name}/diagnose),
// printed side by side (one column per vantage) with one verdict over all of them.
import { WhydownError } from '../core/errors.js';
import { EXIT_CODE, type DiagnoseReport, type Verdict } from '../core/model.js';
import { createStyle } from '../core/render/style.js';
import { combineDiagnoses, type VantageDiagnosis } from '../serve/vantage/combine.js';

export interface FromOptions {
  url: URL;
  from: string[];
  hub: string;
  token: string | undefined;
  json: boolean;
}

export function parseFrom(text: string): string[] {
  const names = [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))];
  if (names.length === 0 || names.some((n) => !/^[a-z0-9][a-z0-9._-]{0,63}$/.test(n))) {
    throw new WhydownError('E_USAGE', `--from wants vantage names separated by commas (fra-1,nyc-1), got ${JSON.stringify(text.slice(0, 100))}`);
  }
  return names;
}

export async function runFrom(options: FromOptions): Promise<number> {
  let hub: URL;
  try {
    hub = new URL(options.hub);
    if (hub.protocol !== 'http:' && hub.protocol !== 'https:') throw new Error('scheme');
  } catch {
    throw new WhydownError('E_USAGE', `--hub must be the hub's http(s) URL, got ${JSON.stringify(options.hub.slice(0, 200))}`);
  }
  const diagnoses = await Promise.all(options.from.map((vantage) => ask(hub, vantage, options)));
  const refused = diagnoses.find((d) => d.error?.startsWith('401'));
  if (refused) throw new WhydownError('E_USAGE', `the hub refused the token (${refused.error})`);
  const verdict = combineDiagnoses(options.url.href, diagnoses);
  if (options.json) {
    const vantages = Object.fromEntries(diagnoses.map((d) => [d.vantage, d.report ?? { error: d.error ?? 'no answer' }]));
    process.stdout.write(`${JSON.stringify({ url: options.url.href, vantages, verdict }, null, 2)}\n`);
  } else {
    process.stdout.write(renderSideBySide(options.url.href, diagnoses, verdict));
  }
  return EXIT_CODE[verdict.status];
}

async function ask(hub: URL, vantage: string, options: FromOptions): Promise<VantageDiagnosis> {
  const endpoint = new URL(`api/v1/vantages/${encodeURIComponent(vantage)}/diagnose`, hub.href.endsWith('/') ? hub : `${hub.href}/`);
  try {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
      body: JSON.stringify({ url: options.url.href }),
      signal: AbortSignal.timeout(180_000),
    });
    const body = await response.json().catch(() => null) as (DiagnoseReport & { error?: { message?: string } }) | null;
    if (!response.ok || !body || !body.verdict) {
      return { vantage, report: null, error: `${response.status} ${body?.error?.message ?? response.statusText}`.slice(0, 300) };
    }
    return { vantage, report: body };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { vantage, report: null, error: `the hub is unreachable: ${cause ?? (error instanceof Error ? error.message : String(error))}` };
  }
}

/** Rows of what each vantage saw, one column per vantage. */
function renderSideBySide(url: string, diagnoses: readonly VantageDiagnosis[], verdict: Verdict): string {
  const style = createStyle(process.stdout);
  const rows: [string, (r: DiagnoseReport) => string][] = [
    ['DNS', (r) => stepDetail(r, 'dns')],
    ['connect', (r) => { const a = r.attempts[0]; return a ? `${a.address ?? '-'}${a.timings.tcp !== undefined ? ` ${ms(a.timings.tcp)}` : ''}` : '-'; }],
    ['TLS', (r) => stepDetail(r, 'tls')],
    ['status', (r) => { const a = r.attempts[0]; return a ? (a.status !== null ? String(a.status) : a.error?.code ?? '-') : '-'; }],
    ['first byte', (r) => { const t = r.attempts[0]?.timings.firstByte; return t === undefined ? '-' : ms(t); }],
    ['total', (r) => { const t = r.attempts[0]?.timings.total; return t === undefined ? '-' : ms(t); }],
    ['verdict', (r) => `${r.verdict.status} ${r.verdict.cause}`],
  ];
  const width = 28;
  const cell = (text: string): string => (text.length > width - 1 ? `${text.slice(0, width - 2)}…` : text).padEnd(width);
  const lines = [`${style.bold('whydown')} ${url}`, `${''.padEnd(12)}${diagnoses.map((d) => style.bold(cell(d.vantage))).join('')}`];
  for (const [label, read] of rows) {
    lines.push(`${label.padEnd(12)}${diagnoses.map((d) => cell(d.report ? read(d.report) : label === 'verdict' ? `no diagnosis: ${d.error ?? ''}` : '-')).join('')}`);
  }
  lines.push('', `${style.bold(verdict.status.toUpperCase())} ${verdict.summary}`);
  lines.push(style.dim(`  hop: ${verdict.hop} · cause: ${verdict.cause} · scope: ${verdict.scope}${verdict.scopeBasis ? ` (${verdict.scopeBasis})` : ''} · confidence: ${verdict.confidence}`));
  for (const fix of verdict.fixes.slice(0, 3)) lines.push(`  → ${fix}`);
  return `${lines.join('\n')}\n`;
}

function stepDetail(report: DiagnoseReport, id: string): string {
  const step = report.steps.find((s) => s.id === id);
  return step ? `${step.result}: ${step.detail}` : '-';
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}
