// --report FILE: Markdown for .md, HTML for .html/.htm.
import { writeFile } from 'node:fs/promises';
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
  const text = reportFormat(file) === 'html' ? renderHtml(report) : renderMarkdown(report);
  try {
    await writeFile(file, text);
  } catch (error) {
    throw new WhydownError('E_FILE', `cannot write --report ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
