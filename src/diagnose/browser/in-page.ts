// What is measured inside the page once its scripts ran. Strings, not functions: the library is
// compiled without the DOM's types, and these run in the page, not in Node.

/**
 * Blank: no visible text in the body and no visible media (img, canvas, video, svg, iframe,
 * object, embed) of at least 8×8 px. Text is counted, not returned: the page's words stay there.
 */
export const MEASURE_BLANK = `(() => {
  const body = document.body;
  const text = body ? (body.innerText || '').trim().length : 0;
  let media = false;
  for (const el of document.querySelectorAll('img,canvas,video,svg,iframe,object,embed')) {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    if (r.width >= 8 && r.height >= 8 && s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0) { media = true; break; }
  }
  return { text, media };
})()`;

/** TTFB from Navigation Timing, FCP from Paint Timing, LCP from its buffered entries; ms from navigation start. */
export const MEASURE_TIMINGS = `new Promise((resolve) => {
  const nav = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  let lcp = null;
  try {
    new PerformanceObserver((list) => {
      const entries = list.getEntries();
      if (entries.length > 0) lcp = entries[entries.length - 1].startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  } catch (e) {}
  setTimeout(() => resolve({ ttfb: nav ? nav.responseStart : null, fcp: fcp ? fcp.startTime : null, lcp }), 50);
})`;

export interface BlankMeasure { text: number; media: boolean }
export interface TimingsMeasure { ttfb: number | null; fcp: number | null; lcp: number | null }
