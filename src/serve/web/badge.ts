// Flat two-part SVG badges ("status | up", "uptime 30d | 99.95 %"), with a <title> and an
// aria-label so they read the same without colour. Text is escaped; widths are estimated from
// the character count (Verdana 11 px averages about 7 px a character).
import { escapeHtml as e } from './escape.js';
import type { PublicState } from './status-view.js';

const COLOURS: Record<PublicState | 'good' | 'fair' | 'poor', string> = {
  up: '#1a7f4b', good: '#1a7f4b', degraded: '#8a5a00', fair: '#8a5a00', down: '#b42318', poor: '#b42318',
  maintenance: '#2f5fa8', unknown: '#5b6167',
};

export function badgeSvg(label: string, value: string, colour: keyof typeof COLOURS): string {
  const lw = width(label);
  const vw = width(value);
  const total = lw + vw;
  const text = `${label}: ${value}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${total}" height="20" role="img" aria-label="${e(text)}">
<title>${e(text)}</title>
<rect width="${lw}" height="20" fill="#555"/>
<rect x="${lw}" width="${vw}" height="20" fill="${COLOURS[colour]}"/>
<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">
<text x="${lw / 2}" y="14">${e(label)}</text>
<text x="${lw + vw / 2}" y="14">${e(value)}</text>
</g>
</svg>
`;
}

function width(text: string): number {
  return Math.round([...text].length * 7 + 12);
}

export function uptimeColour(percent: number | null): keyof typeof COLOURS {
  return percent === null ? 'unknown' : percent >= 99.9 ? 'good' : percent >= 99 ? 'fair' : 'poor';
}
