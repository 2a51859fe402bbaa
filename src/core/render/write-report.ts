// --report FILE: Markdown for .md, HTML for .html/.htm.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { browserStepOf, screenshotOf } from './browser-section.js';
import { WhydownError } from '../errors.js';
import type { DiagnoseReport } from '../model.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';

export function reportFormat(file: string): 'markdown' | 'html' {
  if (/\.(md|markdown)$/i.test(file)) return 'markdown';
  if (/\.html?$/i.test(file)) return 'html';
  throw new WhydownError('E_BAD_OPTION', `--report wants a file ending in .md or .html, got "${file}"`);
}

export async function writeReport(file: string, report: DiagnoseReport): Promise<void> {
  const text = reportFormat(file) === 'html' ? renderHtml(report, await screenshotDataUri(report)) : renderMarkdown(report, file);
  try {
    await writeFile(file, text);
  } catch (error) {
    throw new WhydownError('E_FILE', `cannot write --report ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** A screenshot embedded in an HTML report is at most this big; a larger one is left out. */
const MAX_EMBEDDED_BYTES = 8 * 1024 * 1024;

async function screenshotDataUri(report: DiagnoseReport): Promise<string | null> {
  const step = browserStepOf(report);
  const file = step ? screenshotOf(step) : null;
  if (!file) return null;
  try {
    if ((await stat(file)).size > MAX_EMBEDDED_BYTES) return null;
    return `data:image/png;base64,${(await readFile(file)).toString('base64')}`;
  } catch {
    return null;
  }
}
