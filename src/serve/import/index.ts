// `whydown import <tool> <file>`: another monitor's config as whydown.yml text, with what could
// not be carried over listed (as comments in the text, and returned for stderr). The text is
// checked with whydown's own config loader before it is handed out.
import { readFile, stat } from 'node:fs/promises';
import { WhydownError } from '../../core/errors.js';
import { ConfigError, formatIssue } from '../config/errors.js';
import { parseConfig } from '../config/load.js';
import { ImportError, MAX_IMPORT_BYTES, type ImportResult } from './common.js';
import { emitConfig } from './emit.js';
import { importGatus } from './gatus.js';
import { importUptimeKuma } from './uptime-kuma.js';

export const IMPORT_SOURCES = ['uptime-kuma', 'gatus'] as const;
export type ImportSource = (typeof IMPORT_SOURCES)[number];

export interface ImportOutput {
  yaml: string;
  monitors: number;
  /** Everything not carried over or changed, one line each (the monitor's notes prefixed with its name). */
  notes: string[];
  /** Problems whydown's loader finds in the output (a bug of the importer when not empty). */
  problems: string[];
}

export async function importFile(source: ImportSource, file: string): Promise<ImportOutput> {
  let text: string;
  try {
    const info = await stat(file);
    if (info.size > MAX_IMPORT_BYTES) throw new WhydownError('E_FILE', `${file} is ${Math.round(info.size / 1048576)} MB; an import reads at most ${MAX_IMPORT_BYTES / 1048576} MB`);
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof WhydownError) throw error;
    throw new WhydownError('E_FILE', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return importText(source, text, file);
}

export function importText(source: ImportSource, text: string, file = 'the file'): ImportOutput {
  let result: ImportResult;
  try {
    result = source === 'gatus' ? importGatus(text) : importUptimeKuma(text);
  } catch (error) {
    if (error instanceof ImportError) throw new WhydownError('E_CONFIG', `${file}: ${error.message}`);
    throw error;
  }
  const yaml = emitConfig(result);
  const notes = [...result.notes];
  for (const monitor of result.monitors) for (const note of monitor.notes) notes.push(`${String(monitor.config.name)}: ${note}`);
  return { yaml, monitors: result.monitors.length, notes, problems: check(yaml) };
}

/** The loader's verdict on the output; `${NAME}` placeholders stand for tokens still to be set. */
function check(yaml: string): string[] {
  const env = new Proxy({}, { get: () => 'placeholder-token-value', has: () => true }) as NodeJS.ProcessEnv;
  try {
    parseConfig(yaml, 'imported.yml', { env });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map(formatIssue);
    throw error;
  }
}
