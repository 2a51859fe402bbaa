// Which failed requests the page needs: its own site's XHR/fetch, scripts and stylesheets. A
// failure there breaks the page for every visitor; an ad, an analytics beacon or a font from
// elsewhere failing is worth a warning, not an outage.

const NEEDED_TYPES: ReadonlySet<string> = new Set(['xhr', 'fetch', 'script', 'stylesheet', 'eventsource', 'websocket']);

export function isNeeded(page: URL, requestUrl: string, type: string): boolean {
  if (!NEEDED_TYPES.has(type)) return false;
  let request: URL;
  try {
    request = new URL(requestUrl);
  } catch {
    return false;
  }
  return sameSite(page.hostname, request.hostname);
}

/**
 * Same host, or both under the same registrable-looking name (the last two labels; three when
 * the second-level label is short, as in shop.co.uk). Without the public suffix list this is an
 * approximation that errs toward "same site" only for names, never for addresses: 127.0.0.1 and
 * 127.0.0.2 are two sites.
 */
export function sameSite(a: string, b: string): boolean {
  const x = a.toLowerCase().replace(/\.$/, '');
  const y = b.toLowerCase().replace(/\.$/, '');
  if (x === y) return true;
  if (isAddress(x) || isAddress(y)) return false;
  return siteOf(x) === siteOf(y);
}

function siteOf(host: string): string {
  const labels = host.split('.');
  if (labels.length <= 2) return host;
  const keep = labels.at(-2)!.length <= 3 && labels.at(-1)!.length === 2 ? 3 : 2;
  return labels.slice(-keep).join('.');
}

function isAddress(host: string): boolean {
  return host.startsWith('[') || host.includes(':') || /^\d+(\.\d+){3}$/.test(host);
}
