// `whydown diagnose <url>`: parse, run the checklist, print, set the exit status.
import { accessSync, constants, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { diagnose } from '../diagnose/diagnose.js';
import { WhydownError } from '../core/errors.js';
import { EXIT_CODE } from '../core/model.js';
import { parsePinnedAddress, parseDnsServer, parseTargetUrl } from '../core/probe/target.js';
import { attemptLine, renderVerdict } from '../core/render/terminal.js';
import { reportFormat, writeReport } from '../core/render/write-report.js';
import { Progress } from './progress.js';
import { createStyle } from '../core/render/style.js';
import { looksLikeTarget, unknownCommand } from './command-word.js';
import { nagiosLine } from './nagios.js';
import { checkReportWritable } from './report-target.js';
import { usageErrorFromParseArgs } from './args.js';
import { browserOptions } from './browser-options.js';

const FORMATS = ['text', 'json', 'nagios'] as const;
type Format = typeof FORMATS[number];

export const DIAGNOSE_HELP = `usage: whydown diagnose <url> [options]   (or simply: whydown <url> [options])

  --json                      print one JSON object and nothing else on stdout (= --format json)
  --format text|json|nagios   text (default): the checklist and the verdict; nagios: one line for
                              a monitoring check, state and summary, then timings as perfdata
  --resolve <host:port:addr>  use this address for host:port (repeatable), like curl
  --dns-server <addr[:port]>  ask these resolvers instead of the system's (repeatable)
  --ca <file.pem>             also trust this CA
  --origin <url>              the origin's own address, asked directly to compare with the public path
  --log <file>                a server error log to read this run's requests back from (repeatable)
  --report <file.md|.html>    also write a report for a support ticket
  --retries <n>               attempts the reload step makes (default 3)
  --timeout <seconds>         limit for one attempt (default 30)
  --header 'Name: value'      send this header with every attempt (repeatable)
  --from <v1,v2>              run it on these vantages' agents through a hub, side by side
                              (with --hub <url> and --token <token> or WHYDOWN_API_TOKEN)
  --browser                   also load the page in headless Chromium: failed requests, console
                              errors, blank page, screenshot, paint timings (the browser step)
  --browser-path <file>       the Chromium to run (default /usr/bin/chromium; Debian package chromium)
  --screenshot <file.png>     where the browser step writes its screenshot (default: next to
                              --report as <report>.png, else in the temporary folder)
  --debug                     show stack traces of internal errors

Exit status: 0 up, 1 degraded, 2 down, 3 unknown or usage error.`;

export async function run(args: string[]): Promise<number> {
  return runWith(args, false);
}

/**
 * `whydown <url>` with no command word: the dispatcher has already turned away a first word that
 * names no host, and here the same goes for one after options (`whydown --json frobnicate`).
 */
export async function runDefault(args: string[]): Promise<number> {
  return runWith(args, true);
}

async function runWith(args: string[], implicit: boolean): Promise<number> {
  const parsed = parseOptions(args, implicit);
  if (parsed === 'help') {
    process.stdout.write(`${DIAGNOSE_HELP}\n`);
    return 0;
  }
  const { url, format, options, report: reportFile } = parsed;
  if (parsed.from) {
    const { parseFrom, runFrom } = await import('./diagnose-from.js');
    if (!parsed.hub) throw new WhydownError('E_USAGE', '--from needs --hub <url> (the whydown serve its agents connect to)');
    if (format === 'nagios') throw new WhydownError('E_USAGE', '--from prints text or --json');
    return runFrom({ url, from: parseFrom(parsed.from), hub: parsed.hub, token: parsed.token ?? process.env.WHYDOWN_API_TOKEN, json: format === 'json' });
  }
  if (format !== 'text') {
    const report = await diagnose(url, options);
    if (reportFile) await writeReport(reportFile, report);
    process.stdout.write(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : `${nagiosLine(report)}\n`);
    return EXIT_CODE[report.verdict.status];
  }
  const style = createStyle(process.stdout);
  process.stdout.write(`${style.bold('whydown')} ${url.href}\n`);
  const progress = new Progress(process.stdout, style);
  let report;
  try {
    report = await diagnose(url, options, progress.handle);
  } finally {
    progress.stop();
  }
  report.attempts.forEach((attempt, i) => process.stdout.write(`${attemptLine(attempt, i, style)}\n`));
  process.stdout.write(renderVerdict(report, style));
  if (reportFile) {
    await writeReport(reportFile, report);
    process.stdout.write(style.dim(`report written to ${reportFile}\n`));
  }
  return EXIT_CODE[report.verdict.status];
}

const DIAGNOSE_OPTIONS = {
  json: { type: 'boolean' },
  format: { type: 'string' },
  resolve: { type: 'string', multiple: true },
  'dns-server': { type: 'string', multiple: true },
  ca: { type: 'string', multiple: true },
  origin: { type: 'string' },
  log: { type: 'string', multiple: true },
  report: { type: 'string' },
  retries: { type: 'string' },
  timeout: { type: 'string' },
  header: { type: 'string', multiple: true, short: 'H' },
  from: { type: 'string' },
  hub: { type: 'string' },
  token: { type: 'string' },
  browser: { type: 'boolean' },
  'browser-path': { type: 'string' },
  screenshot: { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parseOptions(args: string[], implicit: boolean) {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: DIAGNOSE_OPTIONS,
    }));
  } catch (error) {
    throw usageErrorFromParseArgs(error, 'diagnose', DIAGNOSE_OPTIONS, false);
  }
  if (values.help) return 'help' as const;
  if (positionals.length !== 1) {
    throw new WhydownError('E_USAGE', positionals.length === 0 ? 'which URL? usage: whydown <url> [options]' : `one URL at a time, got ${positionals.length}`);
  }
  if (implicit && !looksLikeTarget(positionals[0]!)) throw unknownCommand(positionals[0]!);
  const format = parseFormat(values.format, values.json === true);
  const url = parseTargetUrl(positionals[0]!);
  const retries = parseNumber('--retries', values.retries, 3, { min: 1, max: 20, integer: true });
  const timeoutSeconds = parseNumber('--timeout', values.timeout, 30, { min: 0.1, max: 600, integer: false });
  if (values.report !== undefined) {
    reportFormat(values.report);
    checkReportWritable(values.report);
  }
  const logs = values.log ?? [];
  for (const file of logs) checkReadable(file);
  const browser = browserOptions(url, values);
  return {
    url,
    format,
    from: values.from,
    hub: values.hub,
    token: values.token,
    report: values.report,
    options: {
      retries,
      origin: values.origin !== undefined ? parseTargetUrl(values.origin) : undefined,
      logs,
      ...(browser ? { browser } : {}),
      probe: {
        timeoutMs: timeoutSeconds * 1000,
        resolve: (values.resolve ?? []).map(parsePinnedAddress),
        dnsServers: (values['dns-server'] ?? []).map((s) => parseDnsServer(s).label),
        ca: (values.ca ?? []).map(readCa),
        headers: parseHeaders(values.header ?? []),
      },
    },
  };
}

function parseFormat(text: string | undefined, json: boolean): Format {
  if (text === undefined) return json ? 'json' : 'text';
  if (!(FORMATS as readonly string[]).includes(text)) {
    throw new WhydownError('E_BAD_OPTION', `--format wants one of ${FORMATS.join(', ')}, got "${text}"`);
  }
  if (json && text !== 'json') throw new WhydownError('E_USAGE', `--json and --format ${text} ask for two formats; choose one`);
  return text as Format;
}

function parseNumber(name: string, text: string | undefined, fallback: number, rule: { min: number; max: number; integer: boolean }): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || (rule.integer && !Number.isInteger(value)) || value < rule.min || value > rule.max) {
    throw new WhydownError('E_BAD_OPTION', `${name} wants ${rule.integer ? 'a whole number' : 'a number'} from ${rule.min} to ${rule.max}, got "${text}"`);
  }
  return value;
}

function parseHeaders(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n\0]/.test(line)) {
      throw new WhydownError('E_BAD_OPTION', `--header wants 'Name: value', got "${line}"`);
    }
    headers[name.toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function checkReadable(file: string): void {
  try {
    accessSync(file, constants.R_OK);
  } catch (error) {
    throw new WhydownError('E_FILE', `cannot read --log ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function readCa(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new WhydownError('E_FILE', `cannot read --ca ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new WhydownError('E_FILE', `--ca ${file} holds no PEM certificate`);
  return pem;
}
