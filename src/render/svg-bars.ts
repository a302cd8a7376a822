import { html, type Html } from './html';
import { hash } from './svg-chart';

/** Colours shared with the time charts (svg-chart.ts): the series, a warning, a limit, the grid and text. */
const COLOURS = { ok: '#0a5bd3', warn: '#8a5a00', bad: '#b42318', grid: '#d0d7de', text: '#57606a' };
const fmt = (n: number) => String(Number(n.toFixed(1)));

export interface Bar {
  label: string;
  value: number;
  kind?: 'ok' | 'warn' | 'bad';
  /** A threshold of this bar, drawn across it (a pool's alert level). */
  mark?: number;
}

/**
 * Horizontal bars as inline SVG, one per row with its label and value: counts (denials by rule) or shares
 * (a pool's use against its size, with its alert threshold marked). No script, readable wherever the page is.
 */
export function barChart(c: { title: string; bars: readonly Bar[]; unit: string; max?: number; limit?: { value: number; label: string } }): Html {
  const W = 640;
  const rowH = 22;
  const left = 200;
  const right = 60;
  const top = 8;
  const H = top * 2 + Math.max(1, c.bars.length) * rowH + (c.limit ? 14 : 0);
  const max = Math.max(c.max ?? 0, c.limit?.value ?? 0, ...c.bars.map((b) => b.value), 1);
  const x = (v: number) => left + (Math.max(0, v) / max) * (W - left - right);
  const id = `bars-${Math.abs(hash(c.title))}`;
  return html`<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${id}" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="11">
<title id="${id}">${c.title}</title>
${c.bars.map((b, i) => {
  const y = top + i * rowH;
  return html`<g data-bar="${b.label}"><text x="${left - 6}" y="${y + 15}" text-anchor="end" fill="${COLOURS.text}">${b.label}</text>
<rect x="${left}" y="${y + 4}" width="${(x(b.value) - left).toFixed(1)}" height="${rowH - 8}" fill="${COLOURS[b.kind ?? 'ok']}"/>
${b.mark !== undefined ? html`<line x1="${x(b.mark).toFixed(1)}" x2="${x(b.mark).toFixed(1)}" y1="${y + 1}" y2="${y + rowH - 1}" stroke="${COLOURS.warn}" stroke-dasharray="3 2"/>` : ''}
<text x="${(x(b.value) + 4).toFixed(1)}" y="${y + 15}" fill="${COLOURS.text}">${fmt(b.value)}${c.unit}</text></g>`;
})}
${c.limit ? html`<line x1="${x(c.limit.value).toFixed(1)}" x2="${x(c.limit.value).toFixed(1)}" y1="${top}" y2="${H - 14}" stroke="${COLOURS.bad}" stroke-dasharray="6 4"/><text x="${x(c.limit.value).toFixed(1)}" y="${H - 3}" text-anchor="middle" fill="${COLOURS.bad}">${c.limit.label}</text>` : ''}
</svg>`;
}

/**
 * One column per day of a month, in two parts: what went well and what did not (gate runs that passed, and
 * those that failed), so a reader sees at a glance when changes went through and when they were stopped.
 */
export function dayColumns(c: { title: string; days: ReadonlyArray<{ day: string; total: number; bad: number }>; unit: string }): Html {
  const W = 640;
  const H = 160;
  const M = { left: 36, right: 8, top: 10, bottom: 24 };
  const max = Math.max(1, ...c.days.map((d) => d.total));
  const slot = (W - M.left - M.right) / Math.max(1, c.days.length);
  const y = (v: number) => M.top + (1 - v / max) * (H - M.top - M.bottom);
  const id = `days-${Math.abs(hash(c.title))}`;
  return html`<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${id}" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="11">
<title id="${id}">${c.title}</title>
<line x1="${M.left}" y1="${H - M.bottom}" x2="${W - M.right}" y2="${H - M.bottom}" stroke="${COLOURS.grid}"/>
<text x="${M.left - 4}" y="${y(max) + 4}" text-anchor="end" fill="${COLOURS.text}">${max}</text>
<text x="4" y="${M.top + 8}" fill="${COLOURS.text}">${c.unit}</text>
${c.days.map((d, i) => {
  const x0 = M.left + i * slot + 1;
  const w = Math.max(1, slot - 2).toFixed(1);
  return html`<g data-day="${d.day}">${d.total ? html`<rect x="${x0.toFixed(1)}" y="${y(d.total).toFixed(1)}" width="${w}" height="${(y(0) - y(d.total)).toFixed(1)}" fill="${COLOURS.ok}"/>` : ''}${d.bad ? html`<rect x="${x0.toFixed(1)}" y="${y(d.bad).toFixed(1)}" width="${w}" height="${(y(0) - y(d.bad)).toFixed(1)}" fill="${COLOURS.bad}"/>` : ''}${i % 7 === 0 ? html`<text x="${x0.toFixed(1)}" y="${H - 8}" fill="${COLOURS.text}">${d.day.slice(5)}</text>` : ''}</g>`;
})}
</svg>`;
}
