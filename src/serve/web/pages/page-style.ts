// The signed-in pages' CSS, on top of the status pages' (stylesheet.ts: colours, cards, layout).
// A file, not inline style: the CSP is default-src 'self'. Hop states carry an icon and words as
// well as a colour, so nothing is told by colour alone.
export const PAGES_STYLESHEET = `
.topnav{display:flex;flex-wrap:wrap;gap:1rem;margin:0 0 1rem;font-size:.95rem}
.topnav a{text-decoration:none;padding:.15rem 0}
.topnav a:hover{text-decoration:underline}
.crumbs{margin:0 0 .25rem}
.verdict{font-size:1.1rem;margin:.5rem 0 1rem}
ol.hops{list-style:none;margin:1rem 0;padding:0;display:grid;grid-template-columns:repeat(7,minmax(0,1fr));gap:.35rem}
ol.hops li{position:relative;background:var(--card);border:1px solid var(--line);border-top:.35rem solid var(--none);border-radius:.4rem;padding:.5rem .4rem;text-align:center;min-width:0}
ol.hops .icon{display:block;font-size:1.25rem;line-height:1.2;font-weight:700}
ol.hops .label{display:block;font-weight:600;font-size:.9rem}
ol.hops .what{display:block;font-size:.78rem;color:var(--muted);overflow-wrap:anywhere}
ol.hops .h-passed{border-top-color:var(--up)}
ol.hops .h-passed .icon{color:var(--up)}
ol.hops .h-failed{border-color:var(--down);border-top-color:var(--down);border-width:2px;border-top-width:.35rem}
ol.hops .h-failed .icon,ol.hops .h-failed .what{color:var(--down);font-weight:700}
ol.hops .h-warned{border-color:var(--degraded);border-top-color:var(--degraded);border-width:2px;border-top-width:.35rem}
ol.hops .h-warned .icon,ol.hops .h-warned .what{color:var(--degraded);font-weight:700}
ol.hops .h-not-reached,ol.hops .h-not-used,ol.hops .h-unknown{opacity:.6;border-style:dashed}
@media (max-width:40rem){ol.hops{grid-template-columns:1fr;gap:.25rem}
ol.hops li{display:grid;grid-template-columns:2rem 6rem 1fr;align-items:center;text-align:left;border-top-width:1px;border-left:.35rem solid var(--none)}
ol.hops .h-passed{border-left-color:var(--up)}ol.hops .h-failed{border-left-color:var(--down);border-top-width:2px}ol.hops .h-warned{border-left-color:var(--degraded);border-top-width:2px}}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.5rem 0}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;overflow-wrap:anywhere}
ol.fixes li{margin:.3rem 0}
code{font:.9em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--bg);border:1px solid var(--line);border-radius:.2rem;padding:0 .2rem;overflow-wrap:anywhere}
pre{font:.82rem/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--bg);border:1px solid var(--line);border-radius:.3rem;padding:.5rem;overflow:auto;white-space:pre-wrap;overflow-wrap:anywhere;max-height:20rem;margin:.4rem 0}
table.grid{border-collapse:collapse;width:100%;font-size:.9rem}
table.grid th,table.grid td{border-bottom:1px solid var(--line);padding:.3rem .4rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
table.grid th{color:var(--muted);font-weight:600}
.scroll{overflow-x:auto}
details{margin:.4rem 0}
summary{cursor:pointer;font-weight:600}
summary:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:2px solid var(--focus);outline-offset:2px}
.step .mark{font-weight:700;margin-right:.4rem}
.r-pass{color:var(--up)}.r-fail{color:var(--down)}.r-warn{color:var(--degraded)}.r-skip{color:var(--muted)}
ol.timeline{list-style:none;margin:0;padding:0 0 0 1rem;border-left:2px solid var(--line)}
ol.timeline li{margin:.3rem 0;position:relative}
ol.timeline li::before{content:"";position:absolute;left:-1.4rem;top:.55rem;width:.6rem;height:.6rem;border-radius:50%;background:var(--none)}
ol.timeline .t-opened::before{background:var(--down)}ol.timeline .t-closed::before{background:var(--up)}
ol.timeline .t-verdict-changed::before,ol.timeline .t-rediagnosed::before{background:var(--maint)}
.downloads{display:flex;flex-wrap:wrap;gap:.75rem;margin:.5rem 0}
.shot{margin:1rem 0}.shot img{display:block;max-width:100%;height:auto;border:1px solid var(--line,#ccc);border-radius:.4rem}
.button,button{display:inline-block;font:inherit;padding:.4rem .8rem;border-radius:.35rem;border:1px solid var(--line);background:var(--card);color:var(--text);text-decoration:none;cursor:pointer}
.button.primary,button.primary{background:var(--focus);border-color:var(--focus);color:var(--card)}
.actions-slot:empty{display:none}
.actions-slot{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0}
.uptime{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:.5rem}
.uptime .card{margin:0}
.uptime .big{font-size:1.4rem;font-weight:700}
.chart{min-height:18rem;margin:.5rem 0}
.chart .fallback{padding:1rem 0}
.ranges{display:flex;gap:.75rem;flex-wrap:wrap;margin:.25rem 0}
.ranges [aria-current]{font-weight:700;text-decoration:none;color:var(--text)}
form.check{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0}
form.check label{flex-basis:100%;font-weight:600}
form.check input{flex:1 1 16rem;min-width:0;font:inherit;padding:.45rem .6rem;border-radius:.35rem;border:1px solid var(--muted);background:var(--card);color:var(--text)}
form.filter{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin:.5rem 0 1rem}
form.filter label{display:flex;flex-direction:column;font-size:.9rem}
form.filter input,form.filter select{font:inherit;padding:.3rem .5rem;border-radius:.3rem;border:1px solid var(--muted);background:var(--card);color:var(--text)}
.answer{margin:1rem 0;padding:1rem 1.25rem;border-radius:.5rem;background:var(--card);border:1px solid var(--line);border-left:.4rem solid var(--none)}
.answer.problem{border-left-color:var(--degraded)}
.answer.down{border-left-color:var(--down)}.answer.up{border-left-color:var(--up)}.answer.degraded{border-left-color:var(--degraded)}
.answer .big{font-size:1.2rem;font-weight:700;margin:0 0 .4rem}
.pager{display:flex;justify-content:space-between;margin:1rem 0}
.u-legend{font-size:.85rem}
`;
