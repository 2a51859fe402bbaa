// The status pages' CSS (served by assets.ts). Calm colours with WCAG AA contrast in both schemes;
// the state is never told by colour alone (each badge and bar has words or a label).
export const STYLESHEET = `
:root{color-scheme:light dark;--bg:#f7f7f5;--card:#fff;--text:#1d1f21;--muted:#555b61;--line:#dfe1e3;
--up:#1a7f4b;--degraded:#8a5a00;--down:#b42318;--maint:#2f5fa8;--none:#c9cdd1;--focus:#2f5fa8}
@media (prefers-color-scheme:dark){:root{--bg:#14161a;--card:#1c1f24;--text:#e8eaed;--muted:#a9afb6;--line:#32363d;
--up:#4cc38a;--degraded:#e5b454;--down:#ff7b72;--maint:#79a6f2;--none:#3d424a;--focus:#79a6f2}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--text);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
a{color:var(--focus)}
a:focus-visible{outline:2px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px}
.skip:focus{left:1rem;top:1rem;background:var(--card);padding:.5rem}
.wrap{max-width:54rem;margin:0 auto;padding:1.5rem 1rem 3rem}
header.site{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:.5rem}
h1{font-size:1.6rem;margin:0 0 .25rem;line-height:1.25}
h2{font-size:1.15rem;margin:2rem 0 .75rem}
.muted{color:var(--muted);font-size:.9rem}
.overall{margin:1.25rem 0;padding:1rem 1.25rem;border-radius:.5rem;background:var(--card);border:1px solid var(--line);border-left:.4rem solid var(--up);font-weight:600}
.overall.down{border-left-color:var(--down)}
.overall.degraded{border-left-color:var(--degraded)}
.overall.maintenance{border-left-color:var(--maint)}
.overall.unknown{border-left-color:var(--none)}
ul.plain{list-style:none;margin:0;padding:0}
.card{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:1rem 1.25rem;margin:0 0 .75rem}
.row{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.25rem .75rem;align-items:baseline}
.name{font-weight:600;overflow-wrap:anywhere}
.state{font-weight:600;white-space:nowrap}
.state::before{content:"";display:inline-block;width:.65rem;height:.65rem;border-radius:50%;margin-right:.4rem;background:currentColor}
.s-up{color:var(--up)}.s-degraded{color:var(--degraded)}.s-down{color:var(--down)}.s-maintenance{color:var(--maint)}.s-unknown{color:var(--muted)}
.cause{margin:.35rem 0 0}
.bars{display:grid;grid-template-columns:repeat(90,1fr);gap:1px;height:2rem;margin:.75rem 0 .25rem}
.bar{display:block;border-radius:1px;background:var(--none)}
.b-full{background:var(--up)}.b-most{background:var(--degraded)}.b-low{background:var(--down)}
.scale{display:flex;justify-content:space-between}
.incident{border-left:.25rem solid var(--line)}
.incident.open{border-left-color:var(--down)}
.incident h3,.window h3{font-size:1rem;margin:0}
.window{border-left:.25rem solid var(--maint)}
p{margin:.25rem 0}
footer{margin-top:2.5rem;border-top:1px solid var(--line);padding-top:1rem}
@media (max-width:30rem){.wrap{padding:1rem .75rem 2rem}h1{font-size:1.35rem}.bars{height:1.6rem;gap:0}}
`;
