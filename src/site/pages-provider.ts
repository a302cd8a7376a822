import { html, safeHref, type Html } from '../render/html';
import { page } from '../render/layout';
import { percent, units } from '../render/format';
import type { Improvement } from '../model/types';
import type { ImprovementView, ManagementView, SiteModel } from './model';
import { PROCESS_CLAUSE } from '../model/processes';
import { contactList } from './pages-agreement';
import { SITE_SERVES } from './serves';
import { NAV } from './nav';

const clauseList = (clauses: readonly string[] | undefined) => (clauses?.length ? clauses.join(', ') : '');

/** A change reference: a link when it is an https URL, plain text (`owner/repo#12`) otherwise. */
export function changeRef(change: string | undefined): Html {
  if (!change) return html`<span class="muted">none yet</span>`;
  const href = safeHref(change);
  return href ? html`<a href="${href}">${change}</a>` : html`<code>${change}</code>`;
}

/** The provider's context (S01) and the service management plan cascading from objectives (S02). */
export function providerPage(m: SiteModel): string {
  const p = m.provider;
  return page({
    title: `${p.name}: context and service management plan`,
    nav: NAV,
    ...SITE_SERVES.provider,
    body: html`<h1>${p.name}</h1>
<p>${p.description}</p>
<h2 id="context">Context</h2>
<dl><dt>operates in</dt><dd>${p.regions.join(', ')}</dd></dl>
<h3>Obligations</h3>
${m.plan.obligationsByKind.map(({ kind, obligations }) => html`<h4>${kind}</h4>
<div class="scroll"><table><thead><tr><th>obligation</th><th>what it requires</th><th>clauses</th></tr></thead><tbody>
${obligations.map((o) => html`<tr data-obligation="${o.id}"><td>${o.title}</td><td>${o.description}</td><td>${clauseList(o.clauses)}</td></tr>`)}
</tbody></table></div>`)}
<h3>Contacts</h3>
${contactList(p.contacts)}
${managementSection(m.plan.management)}
<h2 id="plan">Service management plan</h2>
<p>Scope: the services of the catalogue below, provided from ${p.regions.join(' and ')} to the customers with a signed agreement.</p>
<h3>Objectives</h3>
${m.plan.objectives.length ? '' : html`<p class="muted">No objectives recorded in provider.yaml.</p>`}
${m.plan.objectives.map(({ objective, owners, improvements }) => html`<div class="card" id="objective-${objective.id}" data-objective="${objective.id}"><h4>${objective.description}</h4>
<p class="muted">${objective.id}${objective.clauses?.length ? html` · clauses ${clauseList(objective.clauses)}` : ''} · ${owners.length ? html`owned by ${owners.map((o) => o.name).join(', ')}` : html`<span class="warn">no owner in management's commitments</span>`}</p>
${improvements.length ? html`<p>Improvements serving it:</p><ul>${improvements.map((i) => html`<li><a href="improvements.html#${i.id}">${i.title}</a> (${i.status})</li>`)}</ul>` : html`<p class="muted">No improvement linked yet.</p>`}</div>`)}
<h3>Policies</h3>
${m.plan.policies.length ? html`<p>Every change is checked against these rules before it is planned and applied (<code>csm check</code>).</p>
<div class="scroll"><table><thead><tr><th>rule</th><th>what it requires</th><th>clauses</th><th>scenario</th><th>implements</th></tr></thead><tbody>
${m.plan.policies.map((r) => html`<tr id="rule-${r.id}" data-policy="${r.id}"><td><code>${r.id}</code></td><td>${r.title}</td><td>${clauseList(r.clauses)}</td><td>${r.scenarios.join(', ')}</td><td>${(r.statements ?? []).map((s, i) => html`${i ? ', ' : ''}<a href="#statement-${s}">${s}</a>`)}</td></tr>`)}
</tbody></table></div>` : html`<p class="muted">No policy rules found.</p>`}
<h3>Service plans</h3>
<div class="scroll"><table><thead><tr><th>service</th><th>owner</th><th>SLA tiers</th><th>capacity pool</th><th class="num">alert at</th></tr></thead><tbody>
${m.plan.servicePlans.map(({ service: s, warnAtPercent }) => html`<tr><td><a href="services/${s.id}.html">${s.name}</a></td><td>${s.owner.name}</td><td>${s.slaTiers.map((t) => `${t.id} ${percent(t.availability)}`).join(', ')}</td><td><code>${s.capacity.pool}</code> ${units(s.capacity.poolSize, s.capacity.unit)}</td><td class="num">${warnAtPercent} %</td></tr>`)}
</tbody></table></div>`,
  });
}

/** The service management policy (4.1.2), the process policies it cascades to, and management's commitments (4.1.1). */
function managementSection(v: ManagementView): Html {
  const p = v.policy;
  return html`<h2 id="policy">Service management policy</h2>
<div class="card" data-policy-approval><h3>${p.title}</h3>
<dl><dt>approved by</dt><dd>${p.approvedBy.name}${p.approvedBy.role ? html` <span class="muted">(${p.approvedBy.role})</span>` : ''}</dd>
<dt>approved on</dt><dd>${p.approved}</dd><dt>next review</dt><dd data-next-review>${p.nextReview}</dd></dl></div>
<h3>Statements</h3>
<div class="scroll"><table><thead><tr><th>statement</th><th>clauses</th><th>process policies</th><th>rules that implement it</th></tr></thead><tbody>
${v.statements.map(({ statement: s, processPolicies, rules }) => html`<tr id="statement-${s.id}" data-statement="${s.id}"><td>${s.text}<br><span class="muted">${s.id}</span></td><td>${clauseList(s.clauses)}</td><td>${processPolicies.map((pp) => pp.title).join(', ')}</td><td>${rules.length ? rules.map((r, i) => html`${i ? ', ' : ''}<a href="#rule-${r}"><code>${r}</code></a>`) : html`<span class="muted">no rule yet</span>`}</td></tr>`)}
</tbody></table></div>
<h3>Process policies</h3>
<div class="scroll"><table><thead><tr><th>process</th><th>policy</th><th>owner</th><th>implements</th><th>clause</th></tr></thead><tbody>
${p.processPolicies.map((pp) => html`<tr data-process-policy="${pp.process}"><td>${pp.process}</td><td>${pp.title}${pp.description ? html`<br><span class="muted">${pp.description}</span>` : ''}</td><td>${pp.owner.name}</td><td>${pp.statements.map((s, i) => html`${i ? ', ' : ''}<a href="#statement-${s}">${s}</a>`)}</td><td>${PROCESS_CLAUSE[pp.process]}</td></tr>`)}
</tbody></table></div>
<h2 id="commitments">Management commitments</h2>
${v.commitments.map(({ commitment: c, objectives }) => html`<div class="card" data-commitment="${c.id}"><h3>${c.by.name}${c.by.role ? html` <span class="muted">(${c.by.role})</span>` : ''}</h3>
<p>Owns ${objectives.map((o, i) => html`${i ? '; ' : ''}<a href="#objective-${o.id}">${o.description}</a>`)}</p>
<ul>${c.resources.map((r) => html`<li><strong>${r.kind}</strong>: ${r.description}${r.amount !== undefined ? html` (${r.amount}${r.unit ? ` ${r.unit}` : ''})` : ''}</li>`)}</ul></div>`)}`;
}

function improvementRow(v: ImprovementView): Html {
  const i: Improvement = v.improvement;
  return html`<tr id="${i.id}" data-improvement="${i.id}" class="${v.open && i.priority === 'high' ? 'warn' : ''}">
<td><strong>${i.title}</strong><br><span class="muted">${i.description}</span></td>
<td>${i.source}</td><td>${i.raised}</td><td>${i.priority}</td><td>${i.owner.name}</td><td>${i.status}</td><td>${changeRef(i.change)}</td>
<td>${clauseList(i.clauses)}${v.objective ? html`<br><a href="provider.html#plan">${v.objective.id}</a>` : ''}</td></tr>`;
}

/** The improvement register (S12): open items first, by priority. */
export function improvementsPage(m: SiteModel): string {
  const open = m.improvements.filter((v) => v.open).length;
  return page({
    title: `${m.provider.name}: improvement register`,
    nav: NAV,
    ...SITE_SERVES.improvements,
    body: html`<h1>Improvement register</h1>
<p>${m.improvements.length} improvements, ${open} open. Each comes from feedback, a measurement, an audit or a review, is prioritised, has an owner, and is carried out through a change.</p>
<div class="scroll"><table><thead><tr><th>improvement</th><th>source</th><th>raised</th><th>priority</th><th>owner</th><th>status</th><th>change</th><th>clauses, objective</th></tr></thead><tbody>
${m.improvements.map(improvementRow)}
</tbody></table></div>`,
  });
}
