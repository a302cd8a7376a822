// The document tree under `data`: base data (a runtime value) overlaid with virtual documents (rules).
// A ref into it is resolved statically as far as its keys are constants; a variable key dispatches over the
// children known at compile time (plus the base data's own keys), so only the documents a query reaches are
// evaluated (OPA evaluates `data[x].p` lazily too, and evaluating all of `data` could recurse into the caller).
import type { Module, Term } from './ast';
import type { RuleGroup } from './check';
import type { Local } from './ir';
import { planTerm, refRest, scan, unifyValue } from './plan-body';
import { Ctx, Mock, RT, WITH_DEPTH_SLOT } from './plan-ctx';
import { isKeyed } from './plan-rules';
import { VALUE_TYPE } from './runtime-api';

export interface Node {
  name: string;
  path: string[]; // from 'data'
  children: Map<string, Node>;
  group?: RuleGroup;
  /** Any rule or package at or below this node (else it is pure base data). */
  hasRules: boolean;
  /** Override slot for `with data.<this path> as v`. */
  slot?: number;
}

export interface TreeHost {
  groupFunc(g: RuleGroup, mocks: Map<string, Mock>): string;
  orderSlot(g: RuleGroup): number;
  newSlot(): number;
}

const NOLOC = { file: '', row: 0, col: 0 };
const str = (s: string): Term => ({ type: 'string', value: s, location: NOLOC });

export class DataTree {
  root: Node = { name: 'data', path: ['data'], children: new Map(), hasRules: false };
  private memoSlots = new Map<RuleGroup, number>();
  private memoOrderSlots = new Map<RuleGroup, number>();

  constructor(private host: TreeHost, groups: RuleGroup[], modules: Module[]) {
    for (const g of groups) this.node(g.path.slice(1)).group = g;
    // Packages without rules are still documents (empty objects merged with base data).
    for (const m of modules) this.node(m.package.path);
  }

  private node(path: string[]): Node {
    let n = this.root;
    n.hasRules = true;
    for (const seg of path) {
      let c = n.children.get(seg);
      if (!c) {
        c = { name: seg, path: [...n.path, seg], children: new Map(), hasRules: false };
        n.children.set(seg, c);
      }
      c.hasRules = true;
      n = c;
    }
    return n;
  }

  /** Slot for `with data.<path>` when it replaces virtual documents (undefined: plain base data, upserted). */
  withSlot(path: string[]): number | undefined {
    let n: Node | undefined = this.root;
    for (const seg of path) {
      if (!n || n.group) return undefined;
      n = n.children.get(seg);
    }
    if (!n || !n.hasRules) return undefined;
    if (n.slot === undefined) n.slot = this.host.newSlot();
    return n.slot;
  }

  /** Plan a ref headed by `data` (terms[0]). */
  ref(ctx: Ctx, terms: Term[], k: (l: Local) => void): void {
    this.walk(ctx, this.root, terms, 1, k);
  }

  private walk(ctx: Ctx, node: Node, terms: Term[], i: number, k: (l: Local) => void): void {
    if (node.slot !== undefined) {
      // `with data.<node> as v` replaces everything below it while in force.
      const ov = ctx.local();
      ctx.emit({ op: 'getSlot', slot: node.slot, target: ov });
      ctx.block(() => {
        ctx.emit({ op: 'isDefined', source: ov });
        refRest(ctx, ov, terms, i, k);
      });
      return void ctx.block(() => {
        ctx.emit({ op: 'isUndefined', source: ov });
        this.walkNode(ctx, node, terms, i, k);
      });
    }
    this.walkNode(ctx, node, terms, i, k);
  }

  private walkNode(ctx: Ctx, node: Node, terms: Term[], i: number, k: (l: Local) => void): void {
    const base = (rest: Term[]): void => refRest(ctx, ctx.scope.data, [...node.path.slice(1).map(str), ...rest], 0, k, true);
    if (!node.hasRules) return base(terms.slice(i));
    if (node.group?.kind === 'function') return; // a function is not a value
    const g = node.group;
    if (g && isKeyed(g) && i < terms.length && !ctx.isBound(terms[i]) && ![...node.children.values()].some((c) => c.hasRules)) {
      // Enumerate a keyed rule document's keys in the order its rules produced them (as OPA does).
      const v = this.value(ctx, node);
      ctx.emit({ op: 'isDefined', source: v });
      const order = ctx.local();
      ctx.emit({ op: 'getSlot', slot: this.host.orderSlot(g), target: order });
      const t = terms[i];
      return scan(ctx, order, (_i, key) => {
        const val = ctx.local();
        ctx.emit({ op: 'dot', source: v, key, target: val });
        unifyValue(ctx, t, key, () => refRest(ctx, val, terms, i + 1, k));
      });
    }
    if (node.group || i >= terms.length) {
      const v = this.value(ctx, node);
      ctx.emit({ op: 'isDefined', source: v });
      return refRest(ctx, v, terms, i, k);
    }
    const t = terms[i];
    const kids = [...node.children.values()].filter((c) => c.hasRules && c.group?.kind !== 'function');
    if (t.type === 'string') {
      const c = node.children.get(t.value);
      return c ? this.walk(ctx, c, terms, i + 1, k) : base(terms.slice(i));
    }
    if (ctx.isBound(t)) {
      return planTerm(ctx, t, (key) => {
        for (const c of kids)
          ctx.block(() => {
            ctx.emit({ op: 'equal', a: key, b: ctx.str(c.name) });
            this.walk(ctx, c, terms, i + 1, k);
          });
        ctx.block(() => {
          for (const c of kids) ctx.emit({ op: 'notEqual', a: key, b: ctx.str(c.name) });
          refRest(ctx, ctx.scope.data, node.path.slice(1).map(str), 0, (b) => {
            const v = ctx.local();
            ctx.emit({ op: 'dot', source: b, key, target: v, storage: true });
            refRest(ctx, v, terms, i + 1, k, true);
          }, true);
        });
      });
    }
    // Unbound key: each virtual child, then the base document's other keys.
    for (const c of kids) ctx.block(() => unifyValue(ctx, t, ctx.str(c.name), () => this.walk(ctx, c, terms, i + 1, k)));
    ctx.block(() =>
      refRest(ctx, ctx.scope.data, node.path.slice(1).map(str), 0, (b) =>
        scan(ctx, b, (key, val) => {
          for (const c of kids) ctx.emit({ op: 'notEqual', a: key, b: ctx.str(c.name) });
          unifyValue(ctx, t, key, () => refRest(ctx, val, terms, i + 1, k, true));
        }),
      true),
    );
  }

  /** The value of a node: rule value (memoized per evaluation), merged with rules below; or a namespace. */
  value(ctx: Ctx, node: Node): Local {
    const v = ctx.local();
    if (node.slot !== undefined) ctx.emit({ op: 'getSlot', slot: node.slot, target: v });
    else ctx.emit({ op: 'reset', target: v });
    ctx.block(() => {
      ctx.emit({ op: 'isUndefined', source: v });
      const g = node.group;
      if (!g) return ctx.emit({ op: 'assign', source: this.materialize(ctx, node, true), target: v });
      ctx.emit({ op: 'assign', source: this.groupValue(ctx, g), target: v });
      if ([...node.children.values()].some((c) => c.hasRules)) {
        // Ref-head rules at different depths (`p[x].r := 1`, `p.d := 2`) make one document.
        const res = ctx.local();
        ctx.emit({ op: 'call', callee: { kind: 'rt', name: RT.objectNew }, args: [], target: res, check: false });
        ctx.block(() => {
          ctx.emit({ op: 'isDefined', source: v });
          ctx.emit({ op: 'typeIs', source: v, types: [VALUE_TYPE.OBJECT] });
          ctx.emit({ op: 'call', callee: { kind: 'rt', name: RT.copy }, args: [v], target: res, check: false });
        });
        const depth = Math.max(0, ...g.rules.map((r) => r.head.ref.terms.length - g.path.length));
        this.mergeChildren(ctx, res, node, depth, g);
        ctx.emit({ op: 'assign', source: res, target: v });
      }
    });
    return v;
  }

  /**
   * Insert the documents of the rules below `node` into `res` (a fresh copy of the node's rule value). Down to
   * `depth` levels `res` holds objects built from the rule's keys, which other rules may extend; below that
   * are rule values, which they may not (a conflict) — except that sets from `contains` rules unite.
   */
  private mergeChildren(ctx: Ctx, res: Local, node: Node, depth: number, g: RuleGroup): void {
    for (const c of node.children.values()) {
      if (c.group?.kind === 'function' || !c.hasRules) continue;
      const name = ctx.str(c.name);
      const ex = ctx.rt(RT.get, [res, name]);
      const done = ctx.local();
      ctx.emit({ op: 'reset', target: done });
      const finish = (): void => ctx.emit({ op: 'assign', source: name, target: done });
      const conflict = (): void => ctx.error('eval_conflict_error', `rule ${g.path.join('.')} produced conflicting values (object keys must be unique)`, g.rules[0]?.location);
      if (c.group || depth <= 1) {
        const cv = this.value(ctx, c);
        ctx.block(() => {
          ctx.emit({ op: 'isUndefined', source: cv });
          finish();
        });
        ctx.block(() => {
          ctx.emit({ op: 'isUndefined', source: done });
          ctx.emit({ op: 'isUndefined', source: ex });
          ctx.rtVoid(RT.objectInsert, [res, name, cv]);
          finish();
        });
        ctx.block(() => {
          ctx.emit({ op: 'isUndefined', source: done });
          ctx.emit({ op: 'typeIs', source: ex, types: [VALUE_TYPE.SET] });
          ctx.emit({ op: 'typeIs', source: cv, types: [VALUE_TYPE.SET] });
          ctx.rtVoid(RT.objectInsert, [res, name, ctx.call({ kind: 'builtin', name: 'or' }, [ex, cv], false)]);
          finish();
        });
        ctx.block(() => {
          ctx.emit({ op: 'isUndefined', source: done });
          ctx.emit({ op: 'equal', a: ex, b: cv });
          finish();
        });
        ctx.block(() => {
          ctx.emit({ op: 'isUndefined', source: done });
          conflict();
        });
        continue;
      }
      // A namespace below the rule's keys: extend the object the rule built there.
      const sub = ctx.rt(RT.objectNew, []);
      ctx.block(() => {
        ctx.emit({ op: 'isDefined', source: ex });
        ctx.block(() => {
          ctx.emit({ op: 'typeIs', source: ex, types: [VALUE_TYPE.OBJECT] });
          ctx.emit({ op: 'call', callee: { kind: 'rt', name: RT.copy }, args: [ex], target: sub, check: false });
          finish();
        });
        ctx.emit({ op: 'isUndefined', source: done });
        conflict();
      });
      this.mergeChildren(ctx, sub, c, depth - 1, g);
      ctx.block(() => {
        ctx.emit({ op: 'lenIs', source: sub, n: 0 });
        ctx.emit({ op: 'isUndefined', source: ex });
        finish();
      });
      ctx.block(() => {
        ctx.emit({ op: 'isUndefined', source: done });
        ctx.rtVoid(RT.objectInsert, [res, name, sub]);
      });
      ctx.block(() => {
        ctx.emit({ op: 'isDefined', source: done });
        ctx.emit({ op: 'isDefined', source: ex });
        ctx.rtVoid(RT.objectInsert, [res, name, sub]);
      });
    }
  }

  private groupValue(ctx: Ctx, g: RuleGroup): Local {
    const v = ctx.local();
    const call = (): Local => ctx.call({ kind: 'fn', name: this.host.groupFunc(g, ctx.scope.mocks) }, [ctx.scope.input, ctx.scope.data], false);
    if (ctx.scope.mocks.size > 0) {
      ctx.emit({ op: 'assign', source: call(), target: v });
      return v;
    }
    // Memoized per evaluation while no `with` is active (slots are reset by each evaluation).
    let ms = this.memoSlots.get(g);
    if (ms === undefined) this.memoSlots.set(g, (ms = this.host.newSlot()));
    const slot = ms;
    // A keyed group's key order (see planPartial) is memoized alongside its value.
    let orderMemo: [number, number] | undefined;
    if (isKeyed(g)) {
      let mo = this.memoOrderSlots.get(g);
      if (mo === undefined) this.memoOrderSlots.set(g, (mo = this.host.newSlot()));
      orderMemo = [this.host.orderSlot(g), mo];
    }
    const tmp = ctx.local();
    ctx.emit({ op: 'reset', target: v });
    ctx.block(() => {
      ctx.emit({ op: 'slotIsZero', slot: WITH_DEPTH_SLOT });
      ctx.emit({ op: 'getSlot', slot, target: v });
      ctx.emit({ op: 'isDefined', source: v });
      if (orderMemo) {
        ctx.emit({ op: 'getSlot', slot: orderMemo[1], target: tmp });
        ctx.emit({ op: 'setSlot', slot: orderMemo[0], source: tmp });
      }
    });
    ctx.block(() => {
      ctx.emit({ op: 'isUndefined', source: v });
      ctx.emit({ op: 'assign', source: call(), target: v });
      ctx.emit({ op: 'isDefined', source: v });
      ctx.emit({ op: 'slotIsZero', slot: WITH_DEPTH_SLOT });
      ctx.emit({ op: 'setSlot', slot, source: v });
      if (orderMemo) {
        ctx.emit({ op: 'getSlot', slot: orderMemo[0], target: tmp });
        ctx.emit({ op: 'setSlot', slot: orderMemo[1], source: tmp });
      }
    });
    return v;
  }

  /** Object of the node's children values, merged over the base document at its path when `withBase`. */
  private materialize(ctx: Ctx, node: Node, withBase: boolean): Local {
    const virt = ctx.rt(RT.objectNew, []);
    for (const c of node.children.values()) {
      if (c.group?.kind === 'function' || !c.hasRules) continue;
      const cv = this.value(ctx, c);
      ctx.block(() => {
        ctx.emit({ op: 'isDefined', source: cv });
        ctx.rtVoid(RT.objectInsert, [virt, ctx.str(c.name), cv]);
      });
    }
    if (!withBase) return virt;
    const base = ctx.local();
    ctx.emit({ op: 'reset', target: base });
    ctx.block(() => refRest(ctx, ctx.scope.data, node.path.slice(1).map(str), 0, (l) => ctx.emit({ op: 'assign', source: l, target: base })));
    const res = ctx.local();
    ctx.emit({ op: 'assign', source: virt, target: res });
    ctx.block(() => {
      ctx.emit({ op: 'isDefined', source: base });
      ctx.emit({ op: 'typeIs', source: base, types: [VALUE_TYPE.OBJECT] });
      // On a leaf conflict between base data and a rule, OPA reports the base document's value.
      ctx.emit({ op: 'assign', source: base, target: res });
      const m = ctx.rt(RT.merge, [base, virt]);
      ctx.emit({ op: 'isDefined', source: m });
      ctx.emit({ op: 'assign', source: m, target: res });
    });
    return res;
  }
}
