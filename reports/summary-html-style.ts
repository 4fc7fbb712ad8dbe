// The summary's only stylesheet, inlined: system fonts, no network, and bars that survive printing.
export const SUMMARY_CSS = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #f6f8fa;
  --blocker: #c62828; --error: #d9480f; --warning: #b7791f; --info: #3b6fb6; --ok: #2f855a; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px 32px 48px; color: var(--ink); background: #fff;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 15px; margin: 20px 0 6px; }
.meta { display: flex; flex-wrap: wrap; gap: 4px 24px; margin: 0; color: var(--muted); }
.meta div { display: flex; gap: 6px; }
.meta dt { font-weight: 600; }
.meta dd { margin: 0; color: var(--ink); }
.tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin: 20px 0 0; }
.tile { border: 1px solid var(--line); border-left: 6px solid var(--info); border-radius: 6px; padding: 10px 14px; background: var(--bg); }
.tile.bad { border-left-color: var(--blocker); }
.tile.good { border-left-color: var(--ok); }
.tile .big { display: block; font-size: 28px; font-weight: 700; line-height: 1.2; }
.tile .what { color: var(--muted); }
.count { display: inline-block; min-width: 1.6em; padding: 0 7px; margin-left: 6px; border-radius: 10px;
  background: var(--blocker); color: #fff; font-size: 13px; text-align: center; }
.count.zero { background: var(--ok); }
.count.warning { background: var(--warning); }
td.nowrap { white-space: nowrap; }
.none { color: var(--ok); margin: 4px 0; }
.more { color: var(--muted); font-style: italic; }
.not-scanned { color: var(--muted); margin: 4px 0; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line); overflow-wrap: break-word; }
thead th { background: var(--bg); font-weight: 600; }
tr { break-inside: avoid; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 32px; }
table.bars th { width: 45%; font-weight: normal; }
table.bars td.n { width: 12%; text-align: right; font-variant-numeric: tabular-nums; font-weight: 600; }
td.bar { width: 43%; vertical-align: middle; }
td.bar .track { background: #eef1f4; border-radius: 2px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
td.bar span { display: block; height: 12px; border-radius: 2px; background: var(--info); min-width: 2px;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
td.bar span.zero { min-width: 0; }
td.bar span.blocker { background: var(--blocker); }
td.bar span.error { background: var(--error); }
td.bar span.warning { background: var(--warning); }
td.bar span.ok { background: var(--ok); }
.sub { display: block; color: var(--muted); font-size: 12px; }
.sev { font-weight: 600; }
.sev.blocker { color: var(--blocker); } .sev.error { color: var(--error); } .sev.warning { color: var(--warning); }
a { color: #0b5cad; }
td a { overflow-wrap: anywhere; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
code { font-family: ui-monospace, "Cascadia Mono", Consolas, "Liberation Mono", monospace; font-size: 12px; }
@media (max-width: 800px) { .grid, .tiles { grid-template-columns: 1fr 1fr; } }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  h2 { break-after: avoid; } h3 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  .tile, .count { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
