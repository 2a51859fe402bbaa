// The dashboard's own CSS (served as a hashed asset beside the status pages' stylesheet, which it
// builds on): the header, the monitors table, forms. Dark mode comes with the base variables.
export const DASHBOARD_STYLESHEET = `
.wrap.wide{max-width:76rem}
header.app{display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;align-items:center;justify-content:space-between;padding-bottom:.75rem;border-bottom:1px solid var(--line);margin-bottom:1rem}
header.app nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0;align-items:center}
header.app .brand{font-weight:700;font-size:1.1rem;text-decoration:none;color:var(--text)}
header.app a[aria-current=page]{font-weight:700;text-decoration:none;color:var(--text)}
form.inline{display:inline;margin:0}
button,.button{font:inherit;padding:.4rem .9rem;border-radius:.35rem;border:1px solid var(--line);background:var(--card);color:var(--text);cursor:pointer;text-decoration:none;display:inline-block}
button.primary,.button.primary{background:var(--focus);border-color:var(--focus);color:#fff}
@media (prefers-color-scheme:dark){button.primary,.button.primary{color:#0b0d10}}
button.danger{border-color:var(--down);color:var(--down)}
button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,.button:focus-visible{outline:2px solid var(--focus);outline-offset:2px}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input,select,textarea{font:inherit;color:var(--text);background:var(--card);border:1px solid var(--line);border-radius:.35rem;padding:.4rem .5rem;max-width:100%}
input[type=text],input[type=password],input[type=url],input[type=search],textarea{width:100%}
.field-error{color:var(--down);font-size:.9rem;margin:.2rem 0 0}
.notice{padding:.75rem 1rem;border-radius:.4rem;border:1px solid var(--line);background:var(--card);margin:0 0 1rem}
.notice.error{border-left:.35rem solid var(--down)}
.notice.info{border-left:.35rem solid var(--maint)}
.signin{max-width:24rem;margin:3rem auto}
.signin details{margin-top:1.5rem}
.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin:0 0 1rem}
.filters label{margin:0 0 .2rem;font-size:.85rem}
.filters .grow{flex:1 1 14rem}
.table-wrap{overflow-x:auto}
table.monitors{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:.5rem}
table.monitors th,table.monitors td{padding:.5rem .6rem;text-align:left;border-bottom:1px solid var(--line);vertical-align:middle}
table.monitors th{font-size:.85rem;color:var(--muted);white-space:nowrap}
table.monitors th a{color:inherit}
table.monitors td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
table.monitors .url{display:block;color:var(--muted);font-size:.85rem;overflow-wrap:anywhere}
table.monitors .cause{display:block;color:var(--muted);font-size:.85rem;max-width:16rem}
table.monitors .cause:empty{display:none}
.checks{display:grid;grid-template-columns:repeat(30,1fr);gap:1px;width:9rem;height:1.25rem}
.checks i{display:block;border-radius:1px;background:var(--none)}
.checks i.c1{background:var(--up)}.checks i.c2{background:var(--degraded)}.checks i.c3{background:var(--down)}
.tag{display:inline-block;font-size:.8rem;padding:0 .4rem;border-radius:.6rem;border:1px solid var(--line);margin:0 .2rem .2rem 0;white-space:nowrap}
.pager{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;margin:1rem 0}
.pager .links{display:flex;gap:.5rem}
.live{font-size:.85rem}
.changed{animation:flash 1.2s ease-out}
@keyframes flash{from{background:var(--line)}to{background:transparent}}
@media (prefers-reduced-motion:reduce){.changed{animation:none}}
@media (max-width:40rem){
 table.monitors thead{display:none}
 table.monitors,table.monitors tbody,table.monitors tr,table.monitors td{display:block;width:100%}
 table.monitors tr{border-bottom:1px solid var(--line);padding:.4rem 0}
 table.monitors td{border:0;padding:.15rem .75rem}
 table.monitors td.num{text-align:left}
 table.monitors td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:.85rem}
 .checks{width:100%}
}
`;
