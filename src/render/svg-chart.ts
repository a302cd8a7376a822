import { html, type Html } from './html';

export interface ChartLine {
  value: number;
  label: string;
  /** `target` draws the agreed level, `warn` a threshold, `limit` a hard limit. */
  kind: 'target' | 'warn' | 'limit';
}

export interface TimeChart {
  title: string;
  start: number;
  end: number;
  /** Points in time order; `undefined` values break the line (no data). */
  points: ReadonlyArray<{ t: number; v: number | undefined }>;
  yMin: number;
  yMax: number;
  unit: string;
  lines?: readonly ChartLine[];
  /** Time ranges to shade as breaches. */
  shade?: ReadonlyArray<{ start: number; end: number }>;
}

const W = 640;
const H = 200;
const M = { left: 56, right: 12, top: 12, bottom: 28 };
const COLOURS = { series: '#0a5bd3', target: '#1a7f37', warn: '#8a5a00', limit: '#b42318', shade: '#fdecea', grid: '#d0d7de', text: '#57606a' };

const fmt = (n: number) => String(Number(n.toFixed(3)));

/**
 * A time series as inline SVG: no script, no external file, readable wherever the report is opened. The
 * axes are labelled; agreed levels and thresholds are drawn as dashed lines with their values.
 */
export function timeChart(c: TimeChart): Html {
  const span = c.end - c.start;
  const x = (t: number) => M.left + ((t - c.start) / span) * (W - M.left - M.right);
  const y = (v: number) => M.top + (1 - (Math.min(Math.max(v, c.yMin), c.yMax) - c.yMin) / (c.yMax - c.yMin || 1)) * (H - M.top - M.bottom);
  const segments: string[][] = [[]];
  for (const p of c.points) {
    if (p.v === undefined) segments.push([]);
    else segments[segments.length - 1].push(`${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`);
  }
  const days = Math.round(span / 86_400_000);
  const ticks = [0, 7, 14, 21, 28].filter((d) => d < days);
  const id = `chart-${Math.abs(hash(c.title))}`;
  return html`<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${id}" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="11">
<title id="${id}">${c.title}</title>
${(c.shade ?? []).map((s) => html`<rect class="breach-band" x="${x(s.start).toFixed(1)}" y="${M.top}" width="${Math.max(1.5, x(s.end) - x(s.start)).toFixed(1)}" height="${H - M.top - M.bottom}" fill="${COLOURS.shade}"/>`)}
<line x1="${M.left}" y1="${H - M.bottom}" x2="${W - M.right}" y2="${H - M.bottom}" stroke="${COLOURS.grid}"/>
<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${H - M.bottom}" stroke="${COLOURS.grid}"/>
<text x="${M.left - 4}" y="${y(c.yMax) + 4}" text-anchor="end" fill="${COLOURS.text}">${fmt(c.yMax)}</text>
<text x="${M.left - 4}" y="${y(c.yMin)}" text-anchor="end" fill="${COLOURS.text}">${fmt(c.yMin)}</text>
<text x="4" y="${M.top + 8}" fill="${COLOURS.text}">${c.unit}</text>
${ticks.map((d) => html`<text x="${x(c.start + d * 86_400_000).toFixed(1)}" y="${H - 10}" fill="${COLOURS.text}">day ${d + 1}</text>`)}
${(c.lines ?? []).map((l) => html`<line x1="${M.left}" x2="${W - M.right}" y1="${y(l.value).toFixed(1)}" y2="${y(l.value).toFixed(1)}" stroke="${COLOURS[l.kind]}" stroke-dasharray="6 4"/><text x="${W - M.right}" y="${(y(l.value) - 3).toFixed(1)}" text-anchor="end" fill="${COLOURS[l.kind]}">${l.label}</text>`)}
${segments.filter((s) => s.length).map((s) => (s.length === 1 ? html`<circle cx="${s[0].split(',')[0]}" cy="${s[0].split(',')[1]}" r="2" fill="${COLOURS.series}"/>` : html`<polyline points="${s.join(' ')}" fill="none" stroke="${COLOURS.series}" stroke-width="1.5"/>`))}
</svg>`;
}

/** A stable number from a chart's title, for the id its `<title>` is referenced by. */
export function hash(text: string): number {
  let h = 0;
  for (const ch of text) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}
