// `with` modifiers: input/data replaced for one expression (copy-on-write documents passed down to the rules
// it calls), virtual documents replaced through override slots (globals every reader checks), and function
// mocks (rule functions re-planned with the mocks in scope).
import type { Call, Expr, Term, With } from './ast';
import { callName } from './check';
import type { Local } from './ir';
import { arity, K, planExprPlain, planTerm } from './plan-body';
import { Ctx, RT, Scope, WITH_DEPTH_SLOT } from './plan-ctx';
import { VALUE_TYPE } from './runtime-api';

function refPath(t: Term): string[] | undefined {
  if (t.type !== 'ref') return undefined;
  const out: string[] = [];
  for (const x of t.terms.slice(1)) {
    if (x.type !== 'string') return undefined;
    out.push(x.value);
  }
  return out;
}

export function planWith(ctx: Ctx, e: Expr, ws: With[], i: number, k: K): void {
  if (i >= ws.length) return planExprPlain(ctx, e, k);
  const w = ws[i];
  const head = w.target.terms[0];
  const headName = head.type === 'var' ? head.name : '';
  const path = refPath(w.target) ?? [];
  const next = (k2: K): void => planWith(ctx, e, ws, i + 1, k2);
  const name = w.target.terms.map((t) => (t.type === 'var' ? t.name : t.type === 'string' ? t.value : '?')).join('.');
  const isFn = arity(ctx, name) !== undefined;
  if (!isFn && (headName === 'input' || headName === 'data')) {
    const slot = headName === 'data' ? ctx.planner.withSlot(path) : undefined;
    return planTerm(ctx, w.value, (v) => {
      if (slot !== undefined) return withSlotValue(ctx, slot, v, next, k);
      const doc = headName === 'input' ? ctx.scope.input : ctx.scope.data;
      const nv = path.length === 0 ? v : upsert(ctx, doc, path, v);
      withScope(ctx, { ...ctx.scope, [headName]: nv }, (k2) => depth(ctx, next, k2), k);
    });
  }
  // Function mocking: `with f as g` or `with f as value`.
  const mocks = new Map(ctx.scope.mocks);
  const vt = w.value;
  const fnName = vt.type === 'var' ? vt.name : vt.type === 'ref' ? callName({ fn: vt } as Call) : undefined;
  if (fnName !== undefined && arity(ctx, fnName) !== undefined) {
    mocks.set(name, { kind: 'fn', name: fnName });
    return withScope(ctx, { ...ctx.scope, mocks }, (k2) => depth(ctx, next, k2), k);
  }
  planTerm(ctx, vt, (v) => {
    const slot = ctx.planner.newSlot();
    mocks.set(name, { kind: 'slot', slot });
    withSlotValue(ctx, slot, v, (k2) => withScope(ctx, { ...ctx.scope, mocks }, next, k2), k);
  });
}

/**
 * Plan `inner` with override slot `slot` holding `v`; its continuation (the rest of the body, outside the
 * `with`) sees the previous slot value. Slots are globals, so rules called from the expression see it too.
 */
function withSlotValue(ctx: Ctx, slot: number, v: Local, inner: (k2: K) => void, k: K): void {
  const old = ctx.local();
  ctx.emit({ op: 'getSlot', slot, target: old });
  ctx.emit({ op: 'setSlot', slot, source: v });
  ctx.block(() =>
    depth(ctx, inner, () => {
      ctx.emit({ op: 'setSlot', slot, source: old });
      ctx.block(k);
      ctx.emit({ op: 'setSlot', slot, source: v });
    }),
  );
  ctx.emit({ op: 'setSlot', slot, source: old });
}

/** Count active `with` modifiers around `inner` (memoized rule values are not used meanwhile). */
function depth(ctx: Ctx, inner: (k2: K) => void, k: K): void {
  ctx.emit({ op: 'slotAdd', slot: WITH_DEPTH_SLOT, delta: 1 });
  ctx.block(() =>
    inner(() => {
      ctx.emit({ op: 'slotAdd', slot: WITH_DEPTH_SLOT, delta: -1 });
      ctx.block(k);
      ctx.emit({ op: 'slotAdd', slot: WITH_DEPTH_SLOT, delta: 1 });
    }),
  );
  ctx.emit({ op: 'slotAdd', slot: WITH_DEPTH_SLOT, delta: -1 });
}

/** Plan `inner` with scope `s`; its continuation (the rest of the body) runs with the previous scope. */
function withScope(ctx: Ctx, s: Scope, inner: (k2: K) => void, k: K): void {
  const old = ctx.scope;
  ctx.scope = s;
  inner(() => {
    ctx.scope = old;
    k();
    ctx.scope = s;
  });
  ctx.scope = old;
}

/** Copy-on-write `doc` with `value` placed at `path` (objects created along the way). */
function upsert(ctx: Ctx, doc: Local, path: string[], value: Local): Local {
  const root = copyObject(ctx, doc);
  let cur = root;
  let src = doc;
  path.forEach((seg, i) => {
    const key = ctx.str(seg);
    if (i === path.length - 1) {
      ctx.rtVoid(RT.objectInsert, [cur, key, value]);
      return;
    }
    const sub = ctx.local();
    ctx.emit({ op: 'reset', target: sub });
    ctx.block(() => {
      ctx.emit({ op: 'isDefined', source: src });
      ctx.emit({ op: 'call', callee: { kind: 'rt', name: RT.get }, args: [src, key], target: sub, check: false });
    });
    const n = copyObject(ctx, sub);
    ctx.rtVoid(RT.objectInsert, [cur, key, n]);
    cur = n;
    src = sub;
  });
  return root;
}

function copyObject(ctx: Ctx, v: Local): Local {
  const n = ctx.local();
  ctx.emit({ op: 'reset', target: n });
  ctx.block(() => {
    ctx.emit({ op: 'isDefined', source: v });
    ctx.emit({ op: 'typeIs', source: v, types: [VALUE_TYPE.OBJECT] });
    ctx.emit({ op: 'call', callee: { kind: 'rt', name: RT.copy }, args: [v], target: n, check: false });
  });
  ctx.block(() => {
    ctx.emit({ op: 'isUndefined', source: n });
    ctx.emit({ op: 'call', callee: { kind: 'rt', name: RT.objectNew }, args: [], target: n, check: false });
  });
  return n;
}
