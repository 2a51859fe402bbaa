// The monitor page's chart: response time by phase (dns, tcp, tls, first byte, download) as
// stacked-free lines, drawn by uPlot from the JSON the server embedded in the page
// (<script type="application/json" id="phase-chart-data">, which runs nothing). Without this
// script the page shows a table of averages in the same place. Colours follow the page's scheme.
import uPlot from 'uplot';

interface ChartData {
  x: number[];
  series: (number | null)[][];
  labels: string[];
  down: boolean[];
}

const LIGHT = ['#2f5fa8', '#8a5a00', '#6b3fa0', '#1a7f4b', '#b42318'];
const DARK = ['#79a6f2', '#e5b454', '#c39bf0', '#4cc38a', '#ff7b72'];

function readData(): ChartData | null {
  const text = document.getElementById('phase-chart-data')?.textContent;
  if (!text) return null;
  try {
    const data = JSON.parse(text) as ChartData;
    // No phase timed at all (every check failed before an answer): the table says so better.
    const timed = Array.isArray(data.series) && data.series.some((column) => column.some((v) => v !== null));
    return Array.isArray(data.x) && data.x.length > 0 && timed ? data : null;
  } catch {
    return null;
  }
}

function draw(): void {
  const holder = document.getElementById('phase-chart');
  const data = readData();
  if (!holder || !data) return;
  const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
  const colours = dark ? DARK : LIGHT;
  const axis = { stroke: dark ? '#a9afb6' : '#555b61', grid: { stroke: dark ? '#32363d' : '#dfe1e3', width: 1 }, ticks: { stroke: dark ? '#32363d' : '#dfe1e3' } };
  const width = () => Math.max(240, holder.clientWidth);
  const options: uPlot.Options = {
    width: width(),
    height: 280,
    scales: { x: { time: true } },
    axes: [axis, { ...axis, values: (_u, ticks) => ticks.map((t) => `${t} ms`), size: 64 }],
    series: [
      { label: 'Time' },
      ...data.labels.map((label, i): uPlot.Series => ({ label, stroke: colours[i % colours.length], width: 2, spanGaps: false, value: (_u, v) => (v === null ? '—' : `${v.toFixed(1)} ms`) })),
    ],
  };
  holder.replaceChildren();
  const plot = new uPlot(options, [data.x, ...data.series] as uPlot.AlignedData, holder);
  holder.dataset.drawn = 'true';
  // Follow the page's width (a phone turned, a window resized) without redrawing the data.
  new ResizeObserver(() => plot.setSize({ width: width(), height: 280 })).observe(holder);
}

draw();
