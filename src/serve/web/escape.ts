// The one escaper for HTML, Atom and SVG: every byte that came from the config or a monitored site
// goes through it. `'` and `"` too, so a value is safe in an attribute as well as in text.
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string | number): string {
  // Control characters other than tab and newline are not allowed in XML 1.0 at all: dropped.
  // eslint-disable-next-line no-control-regex
  return String(value).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
