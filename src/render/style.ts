import { trusted } from './html';

/** One small stylesheet for every page csm renders: readable on a phone first, tables scroll sideways. */
export const STYLE = trusted(`
:root { --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg: #fff; --accent: #0a5bd3; --bad: #b42318; --bad-bg: #fdecea; --warn: #8a5a00; --warn-bg: #fff4d6; --ok: #1a7f37; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
nav { display: flex; flex-wrap: wrap; gap: .25rem 1rem; padding: .75rem 1rem; border-bottom: 1px solid var(--line); }
nav a { color: var(--accent); text-decoration: none; font-weight: 600; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; line-height: 1.2; } h2 { font-size: 1.25rem; margin-top: 2rem; } h3 { font-size: 1.05rem; }
p, li { max-width: 42rem; }
a { color: var(--accent); }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .95rem; }
th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid var(--line); }
th { color: var(--muted); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.card { border: 1px solid var(--line); border-radius: .5rem; padding: .75rem 1rem; margin: .75rem 0; }
.card h3 { margin: 0 0 .25rem; }
.badge { display: inline-block; padding: 0 .5rem; border-radius: 1rem; font-size: .8rem; font-weight: 600; border: 1px solid var(--line); }
.status-active, .ok { color: var(--ok); }
.status-deprecated, .warn { color: var(--warn); background: var(--warn-bg); }
.status-retired, .status-draft { color: var(--muted); }
.breach, tr.breach td { color: var(--bad); background: var(--bad-bg); font-weight: 600; }
.muted, footer { color: var(--muted); }
footer { font-size: .85rem; padding: 1rem; border-top: 1px solid var(--line); max-width: 60rem; margin: 2rem auto 0; }
dl { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: .25rem 1rem; }
dt { color: var(--muted); } dd { margin: 0; }
svg { max-width: 100%; height: auto; }
code { font-size: .9em; }
@media (max-width: 30rem) { dl { grid-template-columns: 1fr; } dd { margin-bottom: .5rem; } }
`);
