// Program-level planning: the tree of documents under `data` (base data merged with rules), one function per
// rule group (planned on first use), the entrypoint functions and the query functions.
import type { Annotation, Term, With } from './ast';
import type { CheckedPolicy, RuleGroup } from './check';
import type { Local, Program } from './ir';
import { planBody } from './plan-body';
import { DataTree } from './plan-data';
import { Ctx, Mock, Pool, ProgramPlanner, RT } from './plan-ctx';
import { isKeyed, planGroup } from './plan-rules';

export interface PlanInput {
  policy: CheckedPolicy;
  /** Entrypoint paths as 'pkg/sub/rule' or 'pkg/sub'. */
  entrypoints: string[];
}

export function plan(input: PlanInput): Program {
  return new Planner(input.policy).run(input.entrypoints);
}

class Planner implements ProgramPlanner {
  pool = new Pool();
  private tree: DataTree;
  /** Planned function per (group, mocks signature). */
  private groupFuncs = new Map<string, string>();
  private byPath = new Map<string, RuleGroup>();
  private orderSlots = new Map<RuleGroup, number>();
  private slots = 1; // slot 0: WITH_DEPTH_SLOT
  private entrypoints: { name: string; func: string }[] = [];

  constructor(private policy: CheckedPolicy) {
    for (const g of policy.groups) this.byPath.set(g.path.join('.'), g);
    this.tree = new DataTree(this, policy.groups, policy.modules);
    // Slots for `with data.<virtual doc>` must exist before any function reading that doc is planned.
    const visit = (x: unknown): void => {
      if (Array.isArray(x)) return x.forEach(visit);
      if (!x || typeof x !== 'object') return;
      const o = x as Record<string, unknown>;
      if (Array.isArray(o.with)) {
        for (const w of o.with as With[]) {
          const ts = w.target.terms;
          if (ts[0].type === 'var' && ts[0].name === 'data' && ts.slice(1).every((t) => t.type === 'string'))
            this.withSlot(ts.slice(1).map((t) => (t as { value: string }).value));
        }
      }
      for (const [key, v] of Object.entries(o)) if (key !== 'location') visit(v);
    };
    visit(policy.groups);
    visit(Object.values(policy.queries));
  }

  run(entrypoints: string[]): Program {
    entrypoints.forEach((ep) => this.planEntrypoint(ep));
    for (const [name, q] of Object.entries(this.policy.queries)) {
      const ctx = new Ctx(this.pool, this, this.pool.fresh('query:' + name), 2);
      const rs = ctx.rt(RT.arrayNew, []);
      ctx.block(() =>
        planBody(ctx, q.body, () => {
          const o = ctx.rt(RT.objectNew, []);
          for (const [orig, local] of q.bindings) {
            const l = ctx.vars.get(local);
            if (l !== undefined) ctx.rtVoid(RT.objectInsert, [o, ctx.str(orig), l]);
          }
          ctx.rtVoid(RT.arrayAppend, [rs, o]);
        }),
      );
      this.pool.funcs.push(ctx.fb.finish(rs));
      this.entrypoints.push({ name, func: ctx.fb.name });
    }
    return { funcs: this.pool.funcs, consts: this.pool.consts, entrypoints: this.entrypoints, slots: this.slots };
  }

  private planEntrypoint(ep: string): void {
    const segs = ep.split('/').filter((s) => s !== '');
    const ctx = new Ctx(this.pool, this, this.pool.fresh('entry:' + ep), 2);
    const v = ctx.local();
    ctx.emit({ op: 'reset', target: v });
    const loc = { file: '', row: 0, col: 0 };
    const terms: Term[] = [{ type: 'var', name: 'data', location: loc }, ...segs.map((s) => ({ type: 'string' as const, value: s, location: loc }))];
    ctx.block(() => this.dataRef(ctx, terms, (l) => ctx.emit({ op: 'assign', source: l, target: v })));
    const rs = ctx.rt('rt_result_set', [v]);
    this.pool.funcs.push(ctx.fb.finish(rs));
    this.entrypoints.push({ name: ep, func: ctx.fb.name });
  }

  /**
   * Function name of a rule group, planning it on first use. Under function mocks (`with f as ...`) the group
   * is planned again with the mocks in scope, since they apply to everything the expression evaluates.
   */
  groupFunc(g: RuleGroup, mocks: Map<string, Mock>): string {
    const sig = mocks.size === 0 ? '' : JSON.stringify([...mocks].sort());
    const key = g.path.join('.') + (sig ? '|' + sig : '');
    let name = this.groupFuncs.get(key);
    if (name) return name;
    name = this.pool.fresh(g.path.join('.') + (sig ? '~mock' : ''));
    this.groupFuncs.set(key, name);
    const ctx = new Ctx(this.pool, this, name, 2 + (g.kind === 'function' ? g.arity ?? 0 : 0));
    ctx.scope.mocks = mocks;
    ctx.rulePath = g.path;
    const r = planGroup(ctx, g, isKeyed(g) ? this.orderSlot(g) : undefined);
    this.pool.funcs.push(ctx.fb.finish(r));
    return name;
  }

  userFunction(path: string, mocks: Map<string, Mock>): { func: string; arity: number } | undefined {
    const g = this.byPath.get(path);
    if (!g || g.kind !== 'function') return undefined;
    return { func: this.groupFunc(g, mocks), arity: g.arity ?? 0 };
  }

  /** Slot where a keyed group's function leaves its first-level keys in production order. */
  orderSlot(g: RuleGroup): number {
    let s = this.orderSlots.get(g);
    if (s === undefined) this.orderSlots.set(g, (s = this.newSlot()));
    return s;
  }

  userArity(path: string): number | undefined {
    const g = this.byPath.get(path);
    return g && g.kind === 'function' ? g.arity ?? 0 : undefined;
  }

  newSlot(): number {
    return this.slots++;
  }

  withSlot(path: string[]): number | undefined {
    return this.tree.withSlot(path);
  }

  dataRef(ctx: Ctx, terms: Term[], k: (l: Local) => void): void {
    this.tree.ref(ctx, terms, k);
  }

  metadata(ctx: Ctx, which: 'rule' | 'chain'): string {
    const path = ctx.rulePath;
    const all = this.policy.annotations;
    const clean = (a: Annotation): Record<string, unknown> => {
      const o: Record<string, unknown> = {};
      for (const [key, val] of Object.entries(a)) if (key !== 'location' && key !== 'path' && val !== undefined) o[key] = val;
      return o;
    };
    const key = (p: string[]): string => p.join('.');
    // rule(): the calling rule's own rule-scope `# METADATA` (several rules may share a path, each with its
    // own), else {}. chain(): that rule first (bare when unannotated), then the document, package and
    // subpackages annotations going outwards.
    const own = ctx.rule?.annotations.find((a) => a.scope === 'rule');
    if (which === 'rule') return JSON.stringify(own ? clean(own) : {});
    const chain: unknown[] = [own ? { path, annotations: clean(own) } : { path }];
    const doc = all.find((x) => x.path === key(path) && x.scope === 'document');
    if (doc) chain.push({ path, annotations: clean(doc) });
    // Package-scope annotations apply to their own package only, subpackages-scope ones to those below too.
    const file = ctx.rule?.location.file;
    const pkg = this.policy.modules.find((m) => m.file === file)?.package.path.length ?? path.length - 2;
    for (let n = path.length - 1; n >= 1; n--) {
      const p = path.slice(0, n);
      const scopes = n === pkg + 1 ? ['package', 'subpackages'] : n < pkg + 1 ? ['subpackages'] : [];
      for (const a of all.filter((x) => x.path === key(p) && scopes.includes(x.scope))) chain.push({ path: p, annotations: clean(a) });
    }
    return JSON.stringify(chain);
  }
}
