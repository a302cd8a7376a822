import type { Catalogue, Customer, Improvement, Service } from './types';
import type { CatalogueIssue } from './errors';
import { fieldPath } from './errors';
import { checkLifecycleRecords } from './lifecycle-check';

/** Finds entries of `items` whose `id` repeats an earlier one. */
function duplicates<T extends { id: string }>(items: T[]): number[] {
  const seen = new Set<string>();
  const dup: number[] = [];
  items.forEach((item, i) => (seen.has(item.id) ? dup.push(i) : seen.add(item.id)));
  return dup;
}

function checkService(cat: Catalogue, svc: Service): CatalogueIssue[] {
  const locate = cat.locate.get(`service:${svc.id}`)!;
  const issue = (p: Array<string | number>, message: string): CatalogueIssue => ({ ...locate(p), field: fieldPath(p), message });
  const out: CatalogueIssue[] = [];
  for (const i of duplicates(svc.options)) out.push(issue(['options', i, 'id'], `duplicate option id "${svc.options[i].id}"`));
  for (const i of duplicates(svc.slaTiers)) out.push(issue(['slaTiers', i, 'id'], `duplicate SLA tier id "${svc.slaTiers[i].id}"`));
  svc.regions.forEach((r, i) => {
    if (!cat.provider.regions.includes(r)) out.push(issue(['regions', i], `region "${r}" is not one the provider operates (${cat.provider.regions.join(', ')})`));
  });
  (svc.requires ?? []).forEach((req, i) => {
    if (!cat.services.has(req)) out.push(issue(['requires', i], `unknown service "${req}"`));
    else if (req === svc.id) out.push(issue(['requires', i], 'a service cannot require itself'));
  });
  return out;
}

function checkCustomer(cat: Catalogue, cust: Customer): CatalogueIssue[] {
  const locate = cat.locate.get(`customer:${cust.id}`)!;
  const issue = (p: Array<string | number>, message: string): CatalogueIssue => ({ ...locate(p), field: fieldPath(p), message });
  const out: CatalogueIssue[] = [];
  for (const i of duplicates(cust.users)) out.push(issue(['users', i, 'id'], `duplicate user id "${cust.users[i].id}"`));

  const agreed = cust.agreement.slaTiers;
  for (const [serviceId, tier] of Object.entries(agreed)) {
    const svc = cat.services.get(serviceId);
    if (!svc) {
      out.push(issue(['agreement', 'slaTiers', serviceId], `unknown service "${serviceId}"`));
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
    if (item.customer !== undefined && !cat.customers.has(item.customer)) out.push(issue(['improvements', i, 'customer'], `unknown customer "${item.customer}"`));
    if (item.service !== undefined && !cat.services.has(item.service)) out.push(issue(['improvements', i, 'service'], `unknown service "${item.service}"`));
  });
  return out;
}

/** Checks what a schema cannot: references between files and uniqueness inside lists. */
export function crossCheck(cat: Catalogue): CatalogueIssue[] {
  return [
    ...[...cat.services.values()].flatMap((s) => checkService(cat, s)),
    ...[...cat.customers.values()].flatMap((c) => [...checkCustomer(cat, c), ...checkLifecycleRecords(cat, c)]),
    ...checkImprovements(cat, cat.improvements),
  ];
}
