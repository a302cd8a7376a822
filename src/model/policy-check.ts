import type { Catalogue } from './types';
import type { CatalogueIssue } from './errors';
import { fieldPath } from './errors';
import { repeats } from './repeats';
import { REQUIRED_PROCESSES } from './processes';

/**
 * What the schema cannot check of the service management policy (4.1.2) and management's commitments (4.1.1):
 * ids are unique, a process policy implements statements the policy has, the required process policies are
 * there, the next review comes after the approval, and a commitment owns objectives the provider states.
 */
export function checkManagementPolicy(cat: Catalogue): CatalogueIssue[] {
  const locate = cat.locate.get('provider')!;
  const out: CatalogueIssue[] = [];
  const issue = (p: Array<string | number>, message: string) => out.push({ ...locate(p), field: fieldPath(p), message });
  const { policy, commitments } = cat.provider;

  for (const i of repeats(policy.statements, (s) => s.id)) issue(['policy', 'statements', i, 'id'], `duplicate statement id "${policy.statements[i].id}"`);
  const statements = new Set(policy.statements.map((s) => s.id));
  for (const i of repeats(policy.processPolicies, (p) => p.process)) issue(['policy', 'processPolicies', i, 'process'], `a second ${policy.processPolicies[i].process} policy: one policy per process`);
  policy.processPolicies.forEach((p, i) =>
    p.statements.forEach((s, j) => {
      if (!statements.has(s)) issue(['policy', 'processPolicies', i, 'statements', j], `unknown statement "${s}" (the policy states: ${[...statements].join(', ')})`);
    }),
  );
  const present = new Set(policy.processPolicies.map((p) => p.process));
  const missing = REQUIRED_PROCESSES.filter((p) => !present.has(p));
  if (missing.length) issue(['policy', 'processPolicies'], `the policy must cascade to a ${missing.join(', ')} policy (required: ${REQUIRED_PROCESSES.join(', ')})`);
  if (policy.nextReview <= policy.approved) issue(['policy', 'nextReview'], `${policy.nextReview} is not after the approval (${policy.approved})`);

  for (const i of repeats(commitments, (c) => c.id)) issue(['commitments', i, 'id'], `duplicate commitment id "${commitments[i].id}"`);
  const objectives = (cat.provider.objectives ?? []).map((o) => o.id);
  commitments.forEach((c, i) =>
    c.objectives.forEach((o, j) => {
      if (!objectives.includes(o)) issue(['commitments', i, 'objectives', j], `unknown objective "${o}" (provider.yaml has: ${objectives.join(', ') || 'none'})`);
    }),
  );
  return out;
}
