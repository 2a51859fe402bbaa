// The shared page shell: landmarks (header, main, footer), a skip link, the hashed stylesheet,
// and no script. `head` and `body` must already be escaped HTML.
import { CSS_ASSET, ICON_ASSET } from './assets.js';
import { escapeHtml } from './escape.js';

export interface Layout {
  title: string;
  /** Extra `<link>`/`<meta>` lines, escaped. */
  head?: string;
  /** Page chrome before the content (navigation of the signed-in pages), escaped; none on public pages. */
  header?: string;
  body: string;
}

export function layout(page: Layout): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(page.title)}</title>
<link rel="stylesheet" href="${CSS_ASSET.path}">
<link rel="icon" href="${ICON_ASSET.path}" type="image/svg+xml">
${page.head ?? ''}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<div class="wrap">
${page.header ?? ''}${page.body}
<footer class="muted" role="contentinfo"><p>Checked by whydown. Times are UTC.</p></footer>
</div>
</body>
</html>
`;
}

/** Not a status page, badge or asset: the same page for every unknown name, so none can be probed. */
export function notFoundPage(): string {
  return messagePage('Not found', 'Nothing here', 'There is no public status page at this address.');
}

/** The store could not be read: a plain page, the detail goes to the log only. */
export function unavailablePage(): string {
  return messagePage('Status unavailable', 'Status unavailable', 'The status cannot be read right now; try again in a few seconds.');
}

function messagePage(title: string, heading: string, text: string): string {
  return layout({
    title,
    body: `<header class="site" role="banner"><h1>${escapeHtml(heading)}</h1></header>
<main id="main"><p>${escapeHtml(text)}</p></main>`,
  });
}
