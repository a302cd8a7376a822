import { html, type Html } from '../render/html';
import { page } from '../render/layout';
import { duration, money, percent, units } from '../render/format';
import type { Contact, ProviderContext } from '../model/types';
import type { AgreementView } from './model';
import { SITE_SERVES } from './serves';
import { NAV } from './nav';

export function contactList(contacts: readonly Contact[]): Html {
  return html`<ul>${contacts.map((c) => html`<li>${c.name}${c.role ? html` <span class="muted">(${c.role})</span>` : ''}: ${c.email}${c.phone ? html`, ${c.phone}` : ''}</li>`)}</ul>`;
}

const EXPORT_TEXT = {
  'customer-bucket': 'data is exported to a bucket the customer owns',
  'snapshot-share': 'snapshots are shared with the customer’s account',
  'provider-transfer': 'data is transferred to the provider the customer names',
  none: 'no data export',
} as const;

/** The documented agreement of one customer (S07), as both parties read it. */
export function agreementPage(provider: ProviderContext, a: AgreementView): string {
  const { customer, agreement } = a;
  const exit = agreement.termination.exit;
  const c = a.charges;
  return page({
    title: `Agreement ${agreement.id}: ${customer.name}`,
    root: '../',
    nav: NAV,
    ...SITE_SERVES.agreement,
    body: html`<h1>Cloud service agreement <code>${agreement.id}</code></h1>
<h2>Parties</h2>
<div class="card"><h3>Provider: ${provider.name}</h3>${contactList(provider.contacts)}</div>
<div class="card"><h3>Customer: <span data-customer="${customer.id}">${customer.name}</span></h3>${contactList(customer.contacts)}</div>
<h2>Terms</h2>
<dl>
<dt>signed</dt><dd>${agreement.signed}</dd>
<dt>term</dt><dd>${agreement.termMonths} months, until ${a.endsOn}</dd>
<dt>home region</dt><dd>${agreement.homeRegion}</dd>
<dt>data stays in</dt><dd>${agreement.dataResidency.join(', ')}</dd>
<dt>budget cap</dt><dd>${money(agreement.budgetCap, c.currency)} a month</dd>
<dt>exceptions</dt><dd>${agreement.exceptions?.length ? html`<ul>${agreement.exceptions.map((e) => html`<li>${e}</li>`)}</ul>` : 'none'}</dd>
</dl>
<h2>Service level targets</h2>
<div class="scroll"><table><thead><tr><th>service</th><th>tier</th><th class="num">availability</th><th class="num">allowed downtime (30 days)</th><th class="num">recovery point</th><th class="num">recovery time</th><th>support</th></tr></thead><tbody>
${a.slaTargets.map((t) => html`<tr><td><a href="../services/${t.service}.html">${t.serviceName}</a></td><td>${t.tier.id}</td><td class="num">${percent(t.tier.availability)}</td><td class="num">${duration(t.allowedDowntimeMinutesPerMonth)}</td><td class="num">${duration(t.tier.rpoMinutes)}</td><td class="num">${duration(t.tier.rtoMinutes)}</td><td>${t.tier.supportHours}</td></tr>`)}
</tbody></table></div>
<h2>Users registered</h2>
<ul>${customer.users.map((u) => html`<li>${u.name} (${u.email}): ${u.access} access</li>`)}</ul>
<h2>Charges</h2>
<div class="scroll"><table><thead><tr><th>service</th><th>option</th><th>region</th><th class="num">quantity</th><th class="num">unit price</th><th class="num">a month</th></tr></thead><tbody>
${c.lines.map((l) => html`<tr><td>${l.serviceName}</td><td><code>${l.option}</code></td><td>${l.region}</td><td class="num">${l.quantity}</td><td class="num">${money(l.unitPrice, c.currency)}</td><td class="num">${money(l.monthly, c.currency)}</td></tr>`)}
<tr><th colspan="5">total a month</th><td class="num" data-total><strong>${money(c.total, c.currency)}</strong></td></tr>
</tbody></table></div>
<p class="${c.withinBudget ? 'ok' : 'breach'}">${c.withinBudget ? 'Within' : 'Above'} the agreed budget cap of ${money(c.budgetCap, c.currency)}.</p>
<h2>Capacity</h2>
<div class="scroll"><table><thead><tr><th>pool</th><th class="num">subscribed</th><th class="num">quota</th><th class="num">alert at</th></tr></thead><tbody>
${a.pools.map((p) => html`<tr><td><code>${p.pool}</code></td><td class="num">${units(p.subscribed, p.unit)}</td><td class="num">${units(p.quota, p.unit)}</td><td class="num">${units(p.warnAt, p.unit)} (${p.warnAtPercent} %)</td></tr>`)}
</tbody></table></div>
<h2>Termination and exit</h2>
<dl>
<dt>notice</dt><dd>${agreement.termination.noticeDays} days</dd>
<dt>data export</dt><dd>${EXPORT_TEXT[exit.dataExport]}${exit.formats?.length ? html`, in ${exit.formats.join(', ')}` : ''}</dd>
<dt>data kept after exit</dt><dd>${exit.retentionDays} days</dd>
<dt>exit assistance</dt><dd>${exit.assistanceDays !== undefined ? html`${exit.assistanceDays} days` : 'none agreed'}</dd>
</dl>`,
  });
}
