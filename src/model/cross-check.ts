import type { Catalogue, Customer, Improvement, ServiceDesign } from './types';
import type { CatalogueIssue } from './errors';
import { fieldPath } from './errors';
import { checkLifecycleRecords } from './lifecycle-check';
import { checkManagementPolicy } from './policy-check';
import { repeats } from './repeats';
import { designGaps } from './design-gaps';

/** A customer id `csm report` reads as its SMS report, not a customer's. */
export const RESERVED_CUSTOMER_ID = 'sms';

/** Finds entries of `items` whose `id` repeats an earlier one. */
const duplicates = <T extends { id: string }>(items: T[]): number[] => repeats(items, (item) => item.id);

/** A service entry, complete or still being designed (what a draft leaves open is the design review's to judge). */
function checkService(cat: Catalogue, svc: ServiceDesign): CatalogueIssue[] {
  const locate = cat.locate.get(`service:${svc.id}`)!;
  const issue = (p: Array<string | number>, message: string): CatalogueIssue => ({ ...locate(p), field: fieldPath(p), message });
  const out: CatalogueIssue[] = [];
  const options = svc.options ?? [];
  const tiers = svc.slaTiers ?? [];
  for (const i of duplicates(options)) out.push(issue(['options', i, 'id'], `duplicate option id "${options[i].id}"`));
  for (const i of duplicates(tiers)) out.push(issue(['slaTiers', i, 'id'], `duplicate SLA tier id "${tiers[i].id}"`));
  (svc.regions ?? []).forEach((r, i) => {
    if (!cat.provider.regions.includes(r)) out.push(issue(['regions', i], `region "${r}" is not one the provider operates (${cat.provider.regions.join(', ')})`));
  });
  (svc.requires ?? []).forEach((req, i) => {
    if (!cat.services.has(req) && !cat.incompleteServices.has(req)) out.push(issue(['requires', i], `unknown service "${req}"`));
    else if (req === svc.id) out.push(issue(['requires', i], 'a service cannot require itself'));
  });
  return out;
}

function checkCustomer(cat: Catalogue, cust: Customer): CatalogueIssue[] {
  const locate = cat.locate.get(`customer:${cust.id}`)!;
  const issue = (p: Array<string | number>, message: string): CatalogueIssue => ({ ...locate(p), field: fieldPath(p), message });
  const out: CatalogueIssue[] = [];
  if (cust.id === RESERVED_CUSTOMER_ID) out.push(issue(['id'], `"${RESERVED_CUSTOMER_ID}" is reserved: \`csm report ${RESERVED_CUSTOMER_ID}\` reports on the service management system itself`));
  for (const i of duplicates(cust.users)) out.push(issue(['users', i, 'id'], `duplicate user id "${cust.users[i].id}"`));

  const agreed = cust.agreement.slaTiers;
  for (const [serviceId, tier] of Object.entries(agreed)) {
    const svc = cat.services.get(serviceId);
    if (!svc) {
      const message = cat.incompleteServices.has(serviceId) ? `service "${serviceId}" is not offered: its design is not complete` : `unknown service "${serviceId}"`;
      out.push(issue(['agreement', 'slaTiers', serviceId], message));
    } else if (!svc.slaTiers.some((t) => t.id === tier)) {
      out.push(issue(['agreement', 'slaTiers', serviceId], `SLA tier "${tier}" is not offered by service "${serviceId}" (offered: ${svc.slaTiers.map((t) => t.id).join(', ')})`));
    }
  }

  const seen = new Set<string>();
  cust.subscriptions.forEach((sub, i) => {
    const svc = cat.services.get(sub.service);
    // One subscription per service and region: its resources are named by the two, so an option or quantity
    // change reconfigures them in place (S11).
    const key = `${sub.service}/${sub.region}`;
    if (seen.has(key)) out.push(issue(['subscriptions', i], `a second subscription to ${sub.service} in ${sub.region}: change the first one's option or quantity instead`));
    seen.add(key);
    const unfinished = cat.incompleteServices.get(sub.service);
    if (unfinished) {
      out.push(issue(['subscriptions', i, 'service'], `service "${sub.service}" cannot be subscribed to: its design still lacks ${designGaps(unfinished).join('; ')}`));
      return;
    }
    if (!svc) {
      out.push(issue(['subscriptions', i, 'service'], `unknown service "${sub.service}" (catalogue has: ${[...cat.services.keys()].join(', ')})`));
      return;
    }
    if (svc.status === 'draft') out.push(issue(['subscriptions', i, 'service'], `service "${sub.service}" is still a draft and cannot be subscribed to`));
    if (!svc.options.some((o) => o.id === sub.option)) {
      out.push(issue(['subscriptions', i, 'option'], `service "${sub.service}" has no option "${sub.option}" (options: ${svc.options.map((o) => o.id).join(', ')})`));
    }
    if (!svc.regions.includes(sub.region)) {
      out.push(issue(['subscriptions', i, 'region'], `service "${sub.service}" is not offered in ${sub.region} (regions: ${svc.regions.join(', ')})`));
    }
    if (agreed[sub.service] === undefined) {
      out.push(issue(['subscriptions', i, 'service'], `no SLA tier agreed for "${sub.service}": add it under agreement.slaTiers`));
    }
    for (const req of svc.requires ?? []) {
      if (!cust.subscriptions.some((s) => s.service === req && s.region === sub.region)) {
        out.push(issue(['subscriptions', i, 'service'], `service "${sub.service}" requires a subscription to "${req}" in ${sub.region}`));
      }
    }
  });
  return out;
}

function checkImprovements(cat: Catalogue, items: Improvement[]): CatalogueIssue[] {
  const locate = cat.locate.get('improvements');
  if (!locate) return [];
  const issue = (p: Array<string | number>, message: string): CatalogueIssue => ({ ...locate(p), field: fieldPath(p), message });
  const out: CatalogueIssue[] = [];
  for (const i of duplicates(items)) out.push(issue(['improvements', i, 'id'], `duplicate improvement id "${items[i].id}"`));
  const objectives = (cat.provider.objectives ?? []).map((o) => o.id);
  items.forEach((item, i) => {
    if (item.objective !== undefined && !objectives.includes(item.objective)) {
      out.push(issue(['improvements', i, 'objective'], `unknown objective "${item.objective}" (provider.yaml has: ${objectives.join(', ') || 'none'})`));
    }
    if (item.closed !== undefined && item.status !== 'done' && item.status !== 'rejected') out.push(issue(['improvements', i, 'closed'], `an improvement that is ${item.status} is not closed: remove closed, or set status done or rejected`));
    if (item.closed !== undefined && item.closed < item.raised) out.push(issue(['improvements', i, 'closed'], `${item.closed} is before it was raised (${item.raised})`));
    if (item.customer !== undefined && !cat.customers.has(item.customer)) out.push(issue(['improvements', i, 'customer'], `unknown customer "${item.customer}"`));
    if (item.service !== undefined && !cat.services.has(item.service) && !cat.incompleteServices.has(item.service)) out.push(issue(['improvements', i, 'service'], `unknown service "${item.service}"`));
  });
  return out;
}

/** Checks what a schema cannot: references between files and uniqueness inside lists. */
export function crossCheck(cat: Catalogue): CatalogueIssue[] {
  return [
    ...checkManagementPolicy(cat),
    ...[...cat.services.values(), ...cat.incompleteServices.values()].flatMap((s) => checkService(cat, s)),
    ...[...cat.customers.values()].flatMap((c) => [...checkCustomer(cat, c), ...checkLifecycleRecords(cat, c)]),
    ...checkImprovements(cat, cat.improvements),
  ];
}
