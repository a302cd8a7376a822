import type { Catalogue } from '../model/types';
import type { Artefact } from './artefact';
import { PROCESS_CLAUSE } from '../model/processes';

/**
 * What each kind of catalogue entry serves, by the mission's scenario table: the provider context (S01), its
 * objectives as the top of the plan (S02), the service management policy with its statements and process
 * policies, and management's commitments (S02), service entries (S03, with their design S05 and
 * prerequisites S04), customer files (relationship S06, agreement S07) and the improvement register (S12).
 * Entries that name clauses themselves (obligations, objectives, improvements) add those.
 */
export const CATALOGUE_SERVES = {
  provider: { scenarios: ['S01'], clauses: ['4.1', '7.1'] },
  objective: { scenarios: ['S02'], clauses: ['4.1', '4.5.2'] },
  /** The service management policy, approved and reviewed by top management (S02; its review, S12). */
  policy: { scenarios: ['S02', 'S12'], clauses: ['4.1.2'] },
  /** A process policy the service management policy cascades to; it adds its process's clause. */
  processPolicy: { scenarios: ['S02'], clauses: ['4.1.2'] },
  /** Management's commitment: objectives owned, resources committed (S02; resources for the services, S11). */
  commitment: { scenarios: ['S02', 'S11'], clauses: ['4.1.1', '4.4.1'] },
  service: { scenarios: ['S03'], clauses: ['4.3', '6.1', '7.1'] },
  serviceDesign: { scenarios: ['S05'], clauses: ['5.1', '5.3', '6.3', '6.5', '6.6'] },
  serviceRequires: { scenarios: ['S04'], clauses: ['5.2', '9.1'] },
  customer: { scenarios: ['S06'], clauses: ['6.1', '7.1'] },
  agreement: { scenarios: ['S07'], clauses: ['6.1', '6.4', '7.1', '9.2'] },
  improvement: { scenarios: ['S12'], clauses: ['4.5.5'] },
} as const;

const union = (...lists: ReadonlyArray<readonly string[] | undefined>) => [...new Set(lists.flatMap((l) => l ?? []))];

export function catalogueArtefacts(cat: Catalogue): Artefact[] {
  const at = (key: string, p: Array<string | number>) => {
    const loc = cat.locate.get(key)!(p);
    return `${loc.file}:${loc.line}`;
  };
  const out: Artefact[] = [];
  const p = cat.provider;
  out.push({ kind: 'catalogue', id: 'provider', title: `Provider context: ${p.name}`, where: at('provider', []), clauses: [...CATALOGUE_SERVES.provider.clauses], scenarios: [...CATALOGUE_SERVES.provider.scenarios] });
  p.obligations.forEach((o, i) =>
    out.push({ kind: 'catalogue', id: `provider#obligation:${o.id}`, title: `${o.kind} obligation: ${o.title}`, where: at('provider', ['obligations', i]), clauses: union(CATALOGUE_SERVES.provider.clauses, o.clauses), scenarios: [...CATALOGUE_SERVES.provider.scenarios] }),
  );
  (p.objectives ?? []).forEach((o, i) =>
    out.push({ kind: 'catalogue', id: `provider#objective:${o.id}`, title: `Objective: ${o.description}`, where: at('provider', ['objectives', i]), clauses: union(CATALOGUE_SERVES.objective.clauses, o.clauses), scenarios: [...CATALOGUE_SERVES.objective.scenarios] }),
  );
  const policy = p.policy;
  out.push({ kind: 'catalogue', id: 'provider#policy', title: `Service management policy: ${policy.title} (approved ${policy.approved} by ${policy.approvedBy.name}, next review ${policy.nextReview})`, where: at('provider', ['policy']), clauses: [...CATALOGUE_SERVES.policy.clauses], scenarios: [...CATALOGUE_SERVES.policy.scenarios] });
  policy.statements.forEach((s, i) =>
    out.push({ kind: 'catalogue', id: `provider#statement:${s.id}`, title: `Policy statement: ${s.text}`, where: at('provider', ['policy', 'statements', i]), clauses: union(CATALOGUE_SERVES.policy.clauses, s.clauses), scenarios: [...CATALOGUE_SERVES.policy.scenarios] }),
  );
  policy.processPolicies.forEach((pp, i) =>
    out.push({ kind: 'catalogue', id: `provider#process-policy:${pp.process}`, title: `Process policy: ${pp.title} (${pp.owner.name})`, where: at('provider', ['policy', 'processPolicies', i]), clauses: union(CATALOGUE_SERVES.processPolicy.clauses, [PROCESS_CLAUSE[pp.process]]), scenarios: [...CATALOGUE_SERVES.processPolicy.scenarios] }),
  );
  p.commitments.forEach((c, i) =>
    out.push({ kind: 'catalogue', id: `provider#commitment:${c.id}`, title: `Management commitment of ${c.by.name}: objectives ${c.objectives.join(', ')}; ${c.resources.length} resources committed`, where: at('provider', ['commitments', i]), clauses: [...CATALOGUE_SERVES.commitment.clauses], scenarios: [...CATALOGUE_SERVES.commitment.scenarios] }),
  );
  for (const s of [...cat.services.values(), ...cat.incompleteServices.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    const extra = [CATALOGUE_SERVES.serviceDesign, ...(s.requires?.length ? [CATALOGUE_SERVES.serviceRequires] : [])];
    out.push({
      kind: 'catalogue',
      id: `service:${s.id}`,
      title: `Catalogue entry: ${s.name} (${s.status}${cat.incompleteServices.has(s.id) ? ', design incomplete' : ''})`,
      where: at(`service:${s.id}`, []),
      clauses: union(CATALOGUE_SERVES.service.clauses, ...extra.map((e) => e.clauses)),
      scenarios: union(CATALOGUE_SERVES.service.scenarios, ...extra.map((e) => e.scenarios)),
    });
  }
  for (const c of [...cat.customers.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    const key = `customer:${c.id}`;
    out.push({ kind: 'catalogue', id: `${key}#contacts`, title: `Customer relationship: ${c.name}`, where: at(key, ['contacts']), clauses: [...CATALOGUE_SERVES.customer.clauses], scenarios: [...CATALOGUE_SERVES.customer.scenarios] });
    out.push({ kind: 'catalogue', id: `${key}#agreement`, title: `Agreement ${c.agreement.id}`, where: at(key, ['agreement']), clauses: [...CATALOGUE_SERVES.agreement.clauses], scenarios: [...CATALOGUE_SERVES.agreement.scenarios] });
  }
  cat.improvements.forEach((imp, i) =>
    out.push({ kind: 'catalogue', id: `improvement:${imp.id}`, title: `Improvement (${imp.source}, ${imp.status}): ${imp.title}`, where: at('improvements', ['improvements', i]), clauses: union(CATALOGUE_SERVES.improvement.clauses, imp.clauses), scenarios: [...CATALOGUE_SERVES.improvement.scenarios] }),
  );
  return out;
}
