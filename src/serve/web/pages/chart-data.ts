// A monitor's response time by phase (dns, tcp, tls, first byte, download) over time, as the
// chart island reads it: uPlot's column layout, seconds on x, milliseconds on y, null where a
// phase did not happen. Many results are averaged into at most MAX_POINTS buckets: a canvas has
// only so many pixels, and the page must stay light.
import type { ResultRecord } from '../../store/types.js';

export const PHASES = ['dns', 'tcp', 'tls', 'firstByte', 'download'] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_LABELS: Record<Phase, string> = { dns: 'DNS', tcp: 'TCP connect', tls: 'TLS', firstByte: 'First byte', download: 'Download' };

export interface ChartData {
  /** Epoch seconds, oldest first. */
  x: number[];
  /** One column per phase, in PHASES order, the same length as x. */
  series: (number | null)[][];
  labels: string[];
  /** Status of each point's worst result: the island can mark down points. */
  down: boolean[];
}

export const MAX_POINTS = 600;

/** `results` newest first (as the store lists them). */
export function chartData(results: readonly ResultRecord[], maxPoints = MAX_POINTS): ChartData {
  const ordered = [...results].reverse();
  const per = Math.max(1, Math.ceil(ordered.length / maxPoints));
  const data: ChartData = { x: [], series: PHASES.map(() => []), labels: PHASES.map((p) => PHASE_LABELS[p]), down: [] };
  for (let start = 0; start < ordered.length; start += per) {
    const group = ordered.slice(start, start + per);
    const middle = group[Math.floor(group.length / 2)]!;
    // Seconds with their milliseconds: two checks within one second must not share an x.
    data.x.push(Date.parse(middle.at) / 1000);
    PHASES.forEach((phase, i) => {
      const values = group.map((r) => r.timings[phase]).filter((ms): ms is number => typeof ms === 'number' && Number.isFinite(ms));
      data.series[i]!.push(values.length ? round(values.reduce((a, b) => a + b, 0) / values.length) : null);
    });
    data.down.push(group.some((r) => r.status === 'down'));
  }
  return data;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** JSON safe inside `<script type="application/json">`: no `<` can close the element. */
export function embeddableJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
