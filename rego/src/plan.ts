// Program-level planning: the tree of documents under `data` (base data merged with rules), one function per
// rule group (planned on first use), the entrypoint functions and the query functions.
import type { Annotation, Term, With } from './ast';
import type { CheckedPolicy, RuleGroup } from './check';
import type { Local, Program } from './ir';
import { planBody, refRest } from './plan-body';
import { Ctx, Mock, Pool, ProgramPlanner, RT, WITH_DEPTH_SLOT } from './plan-ctx';
import { planGroup } from './plan-rules';
import { VALUE_TYPE } from './runtime-api';

interface Node {
  name: string;
  path: string[]; // from 'data'
  children: Map<string, Node>;
  group?: RuleGroup;
  /** Any rule at or below this node (else it is pure base data). */
  hasRules: boolean;
  slot?: number;
}

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
  root: Node = { name: 'data', path: ['data'], children: new Map(), hasRules: false };
  /** Planned function per (group, mocks signature). */
  private groupFuncs = new Map<string, string>();
  private memoSlots = new Map<RuleGroup, number>();
  private byPath = new Map<string, RuleGroup>();
  private slots = 1; // slot 0: WITH_DEPTH_SLOT
  private entrypoints: { name: string; func: string }[] = [];

  constructor(private policy: CheckedPolicy) {
    for (const g of policy.groups) {
      this.byPath.set(g.path.join('.'), g);
      let n = this.root;
      n.hasRules = true;
      for (const seg of g.path.slice(1)) {
        let c = n.children.get(seg);
        if (!c) {
          c = { name: seg, path: [...n.path, seg], children: new Map(), hasRules: false };
          n.children.set(seg, c);
        }
        c.hasRules = true;
        n = c;
      }
      n.group = g;
    }
    // Packages without rules are still documents (empty objects merged with base data).
    for (const m of policy.modules) {
      let n = this.root;
      for (const seg of m.package.path) {
        let c = n.children.get(seg);
        if (!c) {
          c = { name: seg, path: [...n.path, seg], children: new Map(), hasRules: false };
          n.children.set(seg, c);
        }
        n.hasRules = true;
        c.hasRules = true;
        n = c;
      }
    }
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
    const r = planGroup(ctx, g);
    this.pool.funcs.push(ctx.fb.finish(r));
    return name;
  }

  userFunction(path: string, mocks: Map<string, Mock>): { func: string; arity: number } | undefined {
    const g = this.byPath.get(path);
    if (!g || g.kind !== 'function') return undefined;
    return { func: this.groupFunc(g, mocks), arity: g.arity ?? 0 };
  }

  newSlot(): number {
    return this.slots++;
  }

  withSlot(path: string[]): number | undefined {
    let n: Node | undefined = this.root;
    for (const seg of path) {
      if (!n || n.group) return undefined;
      n = n.children.get(seg);
    }
    if (!n || !n.hasRules) return undefined;
    if (n.slot === undefined) n.slot = this.slots++;
    return n.slot;
  }

  dataRef(ctx: Ctx, terms: Term[], k: (l: Local) => void): void {
    let node = this.root;
    let i = 1;
    const walked: { node: Node; next: number }[] = [{ node, next: 1 }];
    while (i < terms.length && !node.group) {
      const t = terms[i];
      if (t.type !== 'string') break;
      const c = node.children.get(t.value);
      if (!c) break;
      node = c;
      i++;
      walked.push({ node, next: i });
    }
    const pure = !node.hasRules || (i < terms.length && terms[i].type === 'string' && !node.group);
    // `with data.<namespace> as v` on an ancestor replaces everything below it.
    const overridden = walked.filter((w) => w.node.slot !== undefined && (pure || w.node !== node));
    const normal = (): void => {
      if (pure) return refRest(ctx, ctx.scope.data, terms, 1, k);
      if (node.group?.kind === 'function') return; // a function is not a value: undefined
      const v = this.nodeValue(ctx, node);
      ctx.emit({ op: 'isDefined', source: v });
      refRest(ctx, v, terms, i, k);
    };
    const go = (j: number): void => {
      if (j >= overridden.length) return normal();
      const { node: n, next } = overridden[j];
      const ov = ctx.local();
      ctx.emit({ op: 'getSlot', slot: n.slot as number, target: ov });
      ctx.block(() => {
        ctx.emit({ op: 'isDefined', source: ov });
        refRest(ctx, ov, terms, next, k);
      });
      ctx.block(() => {
        ctx.emit({ op: 'isUndefined', source: ov });
        go(j + 1);
      });
    };
    go(0);
  }

  /** The value of a document node: rule value, or base data merged with the values of the rules below. */
  private nodeValue(ctx: Ctx, node: Node): Local {
    const v = ctx.local();
    if (node.slot !== undefined) ctx.emit({ op: 'getSlot', slot: node.slot, target: v });
    else ctx.emit({ op: 'reset', target: v });
    ctx.block(() => {
      ctx.emit({ op: 'isUndefined', source: v });
      const g = node.group;
      if (!g) return ctx.emit({ op: 'assign', source: this.materialize(ctx, node), target: v });
      const call = (): Local => ctx.call({ kind: 'fn', name: this.groupFunc(g, ctx.scope.mocks) }, [ctx.scope.input, ctx.scope.data], false);
      if (ctx.scope.mocks.size > 0) return ctx.emit({ op: 'assign', source: call(), target: v });
      // Memoized per evaluation while no `with` is active (slots are reset by each evaluation).
      let memo = this.memoSlots.get(g);
      if (memo === undefined) this.memoSlots.set(g, (memo = this.newSlot()));
      const ms = memo;
      ctx.block(() => {
        ctx.emit({ op: 'slotIsZero', slot: WITH_DEPTH_SLOT });
        ctx.emit({ op: 'getSlot', slot: ms, target: v });
      });
      ctx.block(() => {
        ctx.emit({ op: 'isUndefined', source: v });
        ctx.emit({ op: 'assign', source: call(), target: v });
        ctx.emit({ op: 'isDefined', source: v });
        ctx.emit({ op: 'slotIsZero', slot: WITH_DEPTH_SLOT });
        ctx.emit({ op: 'setSlot', slot: ms, source: v });
      });
    });
    return v;
  }

  private materialize(ctx: Ctx, node: Node): Local {
    const base = ctx.local();
    ctx.emit({ op: 'reset', target: base });
    ctx.block(() => refRest(ctx, ctx.scope.data, node.path.slice(1).map((s) => ({ type: 'string', value: s, location: { file: '', row: 0, col: 0 } })), 0, (l) => ctx.emit({ op: 'assign', source: l, target: base })));
    const virt = ctx.rt(RT.objectNew, []);
    for (const c of node.children.values()) {
      if (c.group?.kind === 'function') continue;
      if (!c.hasRules) continue;
      const cv = this.nodeValue(ctx, c);
      ctx.block(() => {
        ctx.emit({ op: 'isDefined', source: cv });
        ctx.rtVoid(RT.objectInsert, [virt, ctx.str(c.name), cv]);
      });
    }
    const res = ctx.local();
    ctx.emit({ op: 'assign', source: virt, target: res });
    ctx.block(() => {
      ctx.emit({ op: 'isDefined', source: base });
      ctx.emit({ op: 'typeIs', source: base, types: [VALUE_TYPE.OBJECT] });
      const m = ctx.rt(RT.merge, [base, virt]);
      ctx.emit({ op: 'isDefined', source: m });
      ctx.emit({ op: 'assign', source: m, target: res });
    });
    return res;
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
    if (which === 'rule') {
      const a = all.find((x) => x.path === key(path) && (x.scope === 'rule' || x.scope === 'document'));
      return JSON.stringify(a ? clean(a) : {});
    }
    const chain: unknown[] = [];
    for (let n = path.length; n >= 1; n--) {
      const p = path.slice(0, n);
      const found = all.filter((x) => x.path === key(p));
      for (const a of found) chain.push({ path: p, annotations: clean(a) });
      if (n === path.length && found.length === 0) chain.push({ path: p });
    }
    return JSON.stringify(chain);
  }
}
