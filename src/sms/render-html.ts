import { html } from '../render/html';
import { page } from '../render/layout';
import { htmlTable } from '../report/render-html';
import { SMS_REPORT_SERVES, type SmsReport } from './model';
import { clauseChart, poolChart, runsChart } from './charts';
import * as v from './view';

/** The SMS operation report as one self-contained HTML page for the management review (charts inline, no scripts). */
export function smsReportHtml(r: SmsReport): string {
  return page({
    title: `SMS operation report ${v.monthName(r.period)}: ${r.provider.name}`,
    ...SMS_REPORT_SERVES,
    footnote: html`Figures from the evidence, reports and catalogue folders as csm wrote them.`,
    body: html`<h1>Operating the service management system, ${v.monthName(r.period)}</h1>
<p><strong>${r.provider.name}</strong>, for the management review.</p>
<p>${v.CLAUSES_TEXT}</p>
<p id="summary" class="${r.gate.failedRuns || r.breaches.length ? 'warn' : 'ok'}">${v.summary(r)}</p>
<h2 id="gate">Changes through the gate (9.2)</h2>
${htmlTable(v.GATE_HEAD, v.gateRows(r), 'No gate runs.')}
<figure data-chart="runs">${runsChart(r)}</figure>
<h3>Denials by rule</h3>
${htmlTable(v.RULE_HEAD, v.ruleRows(r), 'No denial stood this month.')}
<h3>Denials by clause</h3>
${r.gate.byClause.length ? html`<figure data-chart="clauses">${clauseChart(r)}</figure>` : ''}
${htmlTable(v.CLAUSE_HEAD, v.clauseRows(r), 'No denial stood this month.')}
<h2 id="waivers">Waivers</h2>
${htmlTable(v.WAIVER_HEAD, v.waiverRows(r), 'No waiver was recorded by this month\u2019s gate runs.')}
<p class="muted">${r.expiredMatches} findings met a waiver that had expired, and stood.</p>
<h2 id="applies">Plans applied</h2>
<p>Apply attempts: ${v.applyOutcomes(r)}.</p>
${htmlTable(v.APPLY_HEAD, v.applyRows(r), 'No plan was applied this month.')}
<h2 id="service-reports">Service reports and SLA breaches (6.1, 6.2)</h2>
${htmlTable(v.REPORT_HEAD, v.reportRows(r), 'No service report for this month in the reports folder.')}
${htmlTable(v.BREACH_HEAD, v.breachRows(r), 'No SLA breach this month.')}
<h2 id="improvements">Improvements (4.5.5)</h2>
<p>${r.improvements.openAtEnd} open at the end of the month.</p>
<h3>Opened</h3>
${htmlTable(v.IMPROVEMENT_HEAD, v.improvementRows(r.improvements.opened), 'None opened this month.')}
<h3>Closed</h3>
${htmlTable(v.IMPROVEMENT_HEAD, v.improvementRows(r.improvements.closed), 'None closed this month.')}
<h2 id="capacity">Capacity of every pool (6.5)</h2>
<figure data-chart="pools">${poolChart(r)}</figure>
${htmlTable(v.POOL_HEAD, v.poolRows(r), 'No capacity pools.')}
<p class="muted">${v.METHOD}</p>`,
  });
}
