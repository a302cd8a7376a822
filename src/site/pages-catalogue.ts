import { html, type Html } from '../render/html';
import { page } from '../render/layout';
import { duration, money, percent } from '../render/format';
import type { Service } from '../model/types';
import type { AgreementView, ServiceView, SiteModel } from './model';
import { SITE_SERVES } from './serves';
import { NAV } from './nav';

const STATUS_TEXT: Record<Service['status'], string> = {
  active: 'available',
  deprecated: 'deprecated: no new subscriptions',
  retired: 'retired: no longer provided',
  draft: 'draft: not yet offered',
};

export function statusBadge(s: Service): Html {
  return html`<span class="badge status-${s.status}">${STATUS_TEXT[s.status]}</span>`;
}

export function optionsTable(s: Service): Html {
  const currency = s.currency ?? 'EUR';
  return html`<div class="scroll"><table>
<thead><tr><th>option</th><th>what you get</th><th class="num">price per unit and month</th></tr></thead>
<tbody>${s.options.map((o) => html`<tr><td><code>${o.id}</code></td><td>${o.description}</td><td class="num">${money(o.pricePerUnitMonth, currency)}</td></tr>`)}</tbody>
</table></div>`;
}

export function tiersTable(s: Service): Html {
  return html`<div class="scroll"><table>
<thead><tr><th>SLA tier</th><th class="num">availability</th><th class="num">recovery point</th><th class="num">recovery time</th><th>support hours</th></tr></thead>
<tbody>${s.slaTiers.map((t) => html`<tr><td>${t.id}</td><td class="num">${percent(t.availability)}</td><td class="num">${duration(t.rpoMinutes)}</td><td class="num">${duration(t.rtoMinutes)}</td><td>${t.supportHours}</td></tr>`)}</tbody>
</table></div>`;
}

function serviceCard(v: ServiceView): Html {
  const s = v.service;
  return html`<article class="card" data-service="${s.id}" data-status="${s.status}">
<h3><a href="services/${s.id}.html">${s.name}</a> ${statusBadge(s)}</h3>
<p>${s.description}</p>
<p class="muted">Options (a month): ${s.options.map((o, i) => html`${i ? ', ' : ''}<code>${o.id}</code> ${money(o.pricePerUnitMonth, s.currency ?? 'EUR')}`)} · SLA tiers: ${s.slaTiers.map((t, i) => html`${i ? ', ' : ''}${t.id} (${percent(t.availability)})`)} · regions: ${s.regions.join(', ')}</p>
</article>`;
}

function agreementRow(a: AgreementView): Html {
  return html`<tr data-agreement="${a.agreement.id}"><td><a href="agreements/${a.customer.id}.html">${a.customer.name}</a></td><td><code>${a.agreement.id}</code></td><td>${a.agreement.signed} to ${a.endsOn}</td><td class="num">${money(a.charges.total, a.charges.currency)}</td></tr>`;
}

export function indexPage(m: SiteModel): string {
  // Drafts are not offered yet, so the public index leaves them out.
  const groups: Array<[string, string, ServiceView[]]> = [
    ['services', 'Services', m.services.filter((v) => v.service.status === 'active')],
    ['deprecated', 'Deprecated services', m.services.filter((v) => v.service.status === 'deprecated')],
    ['retired', 'Retired services', m.services.filter((v) => v.service.status === 'retired')],
  ];
  return page({
    title: `${m.provider.name}: service catalogue`,
    nav: NAV,
    ...SITE_SERVES.index,
    body: html`<h1>${m.provider.name}</h1>
<p>${m.provider.description}</p>
${groups.filter(([, , list]) => list.length).map(([id, title, list]) => html`<section id="${id}"><h2>${title}</h2>${list.map(serviceCard)}</section>`)}
<section id="agreements"><h2>Customer agreements</h2>
<div class="scroll"><table><thead><tr><th>customer</th><th>agreement</th><th>term</th><th class="num">charges a month</th></tr></thead>
<tbody>${m.agreements.map(agreementRow)}</tbody></table></div></section>`,
  });
}

export function servicePage(m: SiteModel, v: ServiceView): string {
  const s = v.service;
  const cap = s.capacity;
  return page({
    title: `${s.name}: ${m.provider.name}`,
    root: '../',
    nav: NAV,
    ...SITE_SERVES.service,
    body: html`<h1>${s.name} ${statusBadge(s)}</h1>
<p>${s.description}</p>
<dl>
<dt>service owner</dt><dd>${s.owner.name} (${s.owner.email})</dd>
<dt>regions</dt><dd>${s.regions.join(', ')}</dd>
<dt>data</dt><dd>${s.dataClassification}${s.dataBearing ? ', holds customer data' : ''}</dd>
${s.requires?.length ? html`<dt>requires</dt><dd>${s.requires.map((r, i) => html`${i ? ', ' : ''}<a href="${r}.html">${r}</a>`)}</dd>` : ''}
<dt>capacity</dt><dd>pool <code>${cap.pool}</code>: ${cap.poolSize} ${cap.unit}, at most ${cap.perCustomerQuota} ${cap.unit} per customer</dd>
<dt>customers today</dt><dd>${v.subscribers}</dd>
</dl>
<h2>Options</h2>${optionsTable(s)}
<h2>SLA tiers</h2>${tiersTable(s)}`,
  });
}
