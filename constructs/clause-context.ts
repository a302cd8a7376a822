import type { IConstruct } from 'constructs';

/**
 * What a part of the construct tree serves: the customer and agreement it belongs to, the scenario (S01-S15)
 * that created it and the ISO/IEC 20000-1 clauses it implements. Set on a scope, it applies to everything
 * below it; a nearer scope adds its clauses and may name a different service.
 */
export interface ClauseContext {
  customer?: string;
  agreement?: string;
  scenario?: string;
  service?: string;
  clauses?: readonly string[];
}

const contexts = new WeakMap<IConstruct, ClauseContext>();

/** Declares what `scope` and everything under it serves. Read by the ClauseTagging aspect. */
export function serves(scope: IConstruct, context: ClauseContext): void {
  const previous = contexts.get(scope) ?? {};
  contexts.set(scope, { ...previous, ...context, clauses: [...(previous.clauses ?? []), ...(context.clauses ?? [])] });
}

/** Clause numbers in the order of the standard: 4.1 < 4.5.5 < 6.1 < 6.10. */
export function sortClauses(clauses: Iterable<string>): string[] {
  const key = (c: string) => c.split('.').map(Number);
  return [...new Set(clauses)].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
      const d = (x[i] ?? -1) - (y[i] ?? -1);
      if (d) return d;
    }
    return 0;
  });
}

/** Merges the contexts of `node` and all its ancestors, nearest last (so it wins). */
export function contextOf(node: IConstruct): Required<ClauseContext> {
  const merged = { customer: '', agreement: '', scenario: '', service: '', clauses: [] as string[] };
  for (const scope of node.node.scopes) {
    const ctx = contexts.get(scope);
    if (!ctx) continue;
    if (ctx.customer) merged.customer = ctx.customer;
    if (ctx.agreement) merged.agreement = ctx.agreement;
    if (ctx.scenario) merged.scenario = ctx.scenario;
    if (ctx.service) merged.service = ctx.service;
    merged.clauses.push(...(ctx.clauses ?? []));
  }
  merged.clauses = sortClauses(merged.clauses);
  return merged;
}
