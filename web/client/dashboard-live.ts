// Live rows for the monitors list: opens one Server-Sent Events stream for the monitors on this
// page (/events?monitors=...) and rewrites each row's status, check bar, response time and
// uptime in place as checks finish. Reconnects with a growing pause when the stream drops.
interface LiveRow {
  name: string;
  status: 'up' | 'degraded' | 'down' | 'unknown';
  cause: string;
  time: string;
  uptime: string;
  recent: number[];
}

const WORDS: Record<LiveRow['status'], string> = { up: 'Up', degraded: 'Degraded', down: 'Down', unknown: 'Not checked yet' };
const KINDS = ['none', 'up', 'degraded', 'down'] as const;

function rowsByName(): Map<string, HTMLTableRowElement> {
  const rows = new Map<string, HTMLTableRowElement>();
  for (const row of document.querySelectorAll<HTMLTableRowElement>('tr[data-monitor]')) rows.set(row.dataset.monitor ?? '', row);
  return rows;
}

function setText(row: HTMLElement, field: string, text: string): boolean {
  const cell = row.querySelector<HTMLElement>(`[data-field="${field}"]`);
  if (!cell || cell.textContent === text) return false;
  cell.textContent = text;
  return true;
}

export function applyRow(row: HTMLTableRowElement, data: LiveRow): void {
  let changed = false;
  const state = row.querySelector<HTMLElement>('[data-field="status"]');
  if (state && !state.classList.contains(`s-${data.status}`)) {
    state.className = `state s-${data.status}`;
    state.textContent = WORDS[data.status] ?? data.status;
    changed = true;
  }
  setText(row, 'cause', data.cause ?? '');
  setText(row, 'time', data.time);
  setText(row, 'uptime', data.uptime);
  const bar = row.querySelector<HTMLElement>('[data-field="checks"] .checks');
  if (bar) {
    const cells = bar.querySelectorAll('i');
    data.recent.forEach((code, i) => { const cell = cells[i]; if (cell) cell.className = `c${code}`; });
    const counts = [0, 0, 0, 0];
    for (const code of data.recent) counts[code] = (counts[code] ?? 0) + 1;
    const label = `Last ${data.recent.length} checks: ${counts[1]} up, ${counts[2]} degraded, ${counts[3]} down`;
    bar.setAttribute('aria-label', label);
    bar.title = label;
  }
  if (changed) {
    row.classList.remove('changed');
    void row.offsetWidth; // restart the highlight
    row.classList.add('changed');
  }
}

function start(): void {
  const rows = rowsByName();
  if (rows.size === 0) return;
  const status = document.getElementById('live-state');
  const say = (text: string): void => { if (status) status.textContent = text; };
  const url = `/events?monitors=${[...rows.keys()].map(encodeURIComponent).join(',')}`;
  let pause = 2000;
  const connect = (): void => {
    const source = new EventSource(url);
    source.addEventListener('open', () => { pause = 2000; say('Live: rows update as checks finish.'); });
    source.addEventListener('row', (event) => {
      let data: LiveRow;
      try {
        data = JSON.parse((event as MessageEvent<string>).data) as LiveRow;
      } catch {
        return;
      }
      const row = rows.get(data.name);
      if (row && KINDS.length) applyRow(row, data);
    });
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (signed out, server away): try again later, less and less often.
        say('Live updates paused; reconnecting…');
        setTimeout(connect, pause);
        pause = Math.min(pause * 2, 60_000);
      } else {
        say('Reconnecting…');
      }
    });
  };
  connect();
}

start();
