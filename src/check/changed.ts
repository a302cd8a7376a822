import { execFileSync } from 'child_process';
import * as path from 'path';
import type { Catalogue } from '../model/types';

/** Files that differ between `base` and the working tree (committed or not), relative to the repository root. */
export function changedFiles(base: string, cwd = process.cwd()): string[] {
  const run = (args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    run(['rev-parse', '--verify', '--quiet', `${base}^{commit}`]);
  } catch {
    throw new Error(`--base ${base}: not a git revision here`);
  }
  const tracked = run(['diff', '--name-only', base, '--']).split('\n');
  const untracked = run(['ls-files', '--others', '--exclude-standard']).split('\n');
  return [...new Set([...tracked, ...untracked].filter(Boolean))].sort();
}

export interface Affected {
  customers: string[];
  /** Why each customer is checked, for the log. */
  reasons: Record<string, string>;
  all: boolean;
}

/**
 * The customers a change touches: those whose files changed, and those subscribed to a service that changed or
 * that shares a capacity pool with a changed service or customer (their totals move together). A change to
 * the provider context, waivers, schemas, policies, constructs or stacks touches every customer.
 */
export function affectedCustomers(cat: Catalogue, files: string[], repoRelativeCatalogue: string): Affected {
  const norm = (p: string) => p.split(path.sep).join('/').replace(/\/$/, '');
  const root = norm(repoRelativeCatalogue);
  const everything = files.find((f) => !f.startsWith(`${root}/services/`) && !f.startsWith(`${root}/customers/`) && (f.startsWith(`${root}/`) || /^(policies|constructs|stacks)\//.test(f)));
  const reasons: Record<string, string> = {};
  if (everything) {
    for (const id of cat.customers.keys()) reasons[id] = `${everything} changed`;
    return { customers: [...cat.customers.keys()].sort(), reasons, all: true };
  }
  const idOf = (f: string, kind: string) => (f.startsWith(`${root}/${kind}/`) ? path.basename(f).replace(/\.ya?ml$/, '') : undefined);
  const pools = new Set<string>();
  for (const f of files) {
    const service = idOf(f, 'services');
    if (service && cat.services.has(service)) pools.add(cat.services.get(service)!.capacity.pool);
    const customer = idOf(f, 'customers');
    if (customer && cat.customers.has(customer)) {
      reasons[customer] = `${f} changed`;
      for (const s of cat.customers.get(customer)!.subscriptions) pools.add(cat.services.get(s.service)!.capacity.pool);
    }
  }
  for (const c of cat.customers.values()) {
    if (reasons[c.id]) continue;
    const shared = c.subscriptions.map((s) => cat.services.get(s.service)!.capacity.pool).find((p) => pools.has(p));
    if (shared) reasons[c.id] = `shares capacity pool ${shared} with a change`;
  }
  return { customers: Object.keys(reasons).sort(), reasons, all: false };
}
