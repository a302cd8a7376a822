import { html, type Html } from '../render/html';
import { page } from '../render/layout';
import type { ServiceReport } from './model';
import { REPORT_SERVES } from './model';
import { availabilityChart, capacityChart } from './charts';
import { AVAILABILITY_HEAD, CAPACITY_HEAD, CLAUSES_TEXT, INCIDENT_HEAD, METHOD, availabilityRows, capacityRows, incidentRows, monthName, summary, type Row } from './view';

/** Rows as a table that scrolls sideways on a phone; a breach row red, a warning amber; `empty` when none. */
export function htmlTable(head: readonly string[], rows: readonly Row[], empty: string): Html {
  if (!rows.length) return html`<p class="muted">${empty}</p>`;
  return html`<div class="scroll"><table><thead><tr>${head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>
${rows.map((r) => html`<tr class="${r.breach ? 'breach' : r.warn ? 'warn' : ''}">${r.cells.map((c) => html`<td>${c}</td>`)}</tr>`)}
</tbody></table></div>`;
}

/** The service report as one self-contained HTML page (charts inline, no scripts). */
export function reportHtml(r: ServiceReport): string {
  return page({
    title: `Service report ${monthName(r.period)}: ${r.customer.name}`,
    ...REPORT_SERVES,
    footnote: html`Figures from ${r.metricsFile}.`,
    body: html`<h1>Service report, ${monthName(r.period)}</h1>
<p><strong>${r.customer.name}</strong>, agreement <code>${r.agreement.id}</code>, provided by ${r.provider.name}.</p>
<p>${CLAUSES_TEXT}</p>
<p id="summary" class="${r.breaches ? 'breach' : 'ok'}">${summary(r)}</p>
<h2>Availability against the agreed targets (6.1)</h2>
${htmlTable(AVAILABILITY_HEAD, availabilityRows(r), 'No subscribed services.')}
<p class="muted">${METHOD}</p>
${r.services.map((s) => html`<figure data-service="${s.service}">${availabilityChart(r, s)}<figcaption class="${s.breach ? 'breach' : 'muted'}">${s.serviceName}${s.breach ? ': below the agreed target this month' : ''}</figcaption></figure>`)}
<h2>Incidents: periods below target</h2>
${htmlTable(INCIDENT_HEAD, incidentRows(r), 'None: every slot of the month met its target.')}
<h2>Capacity use (6.5)</h2>
${htmlTable(CAPACITY_HEAD, capacityRows(r), 'No capacity pools.')}
${r.pools.filter((p) => p.points.length).map((p) => html`<figure data-pool="${p.pool}">${capacityChart(r, p)}<figcaption class="${p.overQuota ? 'breach' : p.warning ? 'warn' : 'muted'}">${p.pool}</figcaption></figure>`)}`,
  });
}
