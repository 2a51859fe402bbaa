// An incident's diagnosis as a file to attach to a ticket: the same Markdown and HTML reports
// `whydown diagnose --report` writes (src/core/render/), sent as attachments.
import { renderHtml } from '../../../core/render/html.js';
import { renderMarkdown } from '../../../core/render/markdown.js';
import type { IncidentDetail } from '../../store/types.js';
import type { WebReply } from '../respond.js';

export type ReportFormat = 'md' | 'html';

/** null: no such diagnosis (`n` out of range, or only the verdict was kept). */
export function incidentReport(incident: IncidentDetail, format: ReportFormat, n: number): WebReply | null {
  const report = [incident.diagnosis, ...incident.rediagnoses][n];
  if (!report) return null;
  const name = `whydown-incident-${incident.id}${n > 0 ? `-${n}` : ''}.${format}`;
  return {
    status: 200,
    type: format === 'md' ? 'text/markdown; charset=utf-8' : 'text/html; charset=utf-8',
    body: format === 'md' ? renderMarkdown(report) : renderHtml(report),
    maxAge: 0,
    headers: { 'Content-Disposition': `attachment; filename="${name}"` },
  };
}
