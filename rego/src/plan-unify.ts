// Unification: `=` and `:=` between terms, binding unbound variables (also inside array/object patterns on
// either side) and comparing everything else.
import type { Term } from './ast';
import type { Local } from './ir';
import { constJson, K, planTerm } from './plan-body';
import type { Ctx } from './plan-ctx';
import { VALUE_TYPE } from './runtime-api';

export function isUnboundVar(ctx: Ctx, t: Term): boolean {
  return t.type === 'var' && !ctx.vars.has(t.name) && t.name !== 'input' && t.name !== 'data';
}

/** A term that binds variables when unified (unbound var, or array/object containing one). */
function isPattern(ctx: Ctx, t: Term): boolean {
  if (isUnboundVar(ctx, t)) return true;
  if (t.type === 'array') return t.items.some((x) => isPattern(ctx, x));
  if (t.type === 'object') return t.items.some(([, v]) => isPattern(ctx, v));
  return false;
}

export function unify(ctx: Ctx, a: Term, b: Term, k: K): void {
  if (isUnboundVar(ctx, a) && a.type === 'var') return planTerm(ctx, b, (v) => ctx.bind(a.name, v, k));
  if (isUnboundVar(ctx, b) && b.type === 'var') return planTerm(ctx, a, (v) => ctx.bind(b.name, v, k));
  if (a.type === 'array' && b.type === 'array' && (isPattern(ctx, a) || isPattern(ctx, b))) {
    if (a.items.length !== b.items.length) {
      ctx.emit({ op: 'break', levels: 0 });
      return;
    }
    const go = (i: number): void => (i >= a.items.length ? k() : unify(ctx, a.items[i], b.items[i], () => go(i + 1)));
    return go(0);
  }
  if (a.type === 'object' && b.type === 'object' && (isPattern(ctx, a) || isPattern(ctx, b)) && a.items.length === b.items.length) {
    const bk = new Map(b.items.map(([kt, vt]) => [constJson(kt), vt] as const));
    const pairs = a.items.map(([kt, vt]) => [vt, bk.get(constJson(kt))] as const);
    if (pairs.every(([, x]) => x !== undefined) && a.items.every(([kt]) => constJson(kt) !== undefined)) {
      const go = (i: number): void => (i >= pairs.length ? k() : unify(ctx, pairs[i][0], pairs[i][1] as Term, () => go(i + 1)));
      return go(0);
    }
  }
  if (isPattern(ctx, a)) return planTerm(ctx, b, (v) => unifyValue(ctx, a, v, k));
  if (isPattern(ctx, b)) return planTerm(ctx, a, (v) => unifyValue(ctx, b, v, k));
  planTerm(ctx, a, (va) =>
    planTerm(ctx, b, (vb) => {
      ctx.emit({ op: 'equal', a: va, b: vb });
      k();
    }),
  );
}

/** Unify term `t` with the value in local `l`. */
export function unifyValue(ctx: Ctx, t: Term, l: Local, k: K): void {
  if (isUnboundVar(ctx, t) && t.type === 'var') return ctx.bind(t.name, l, k);
  if (t.type === 'array' && isPattern(ctx, t)) {
    ctx.emit({ op: 'typeIs', source: l, types: [VALUE_TYPE.ARRAY] });
    ctx.emit({ op: 'lenIs', source: l, n: t.items.length });
    const go = (i: number): void => {
      if (i >= t.items.length) return k();
      const e = ctx.local();
      ctx.emit({ op: 'dot', source: l, key: ctx.konst(String(i)), target: e });
      unifyValue(ctx, t.items[i], e, () => go(i + 1));
    };
    return go(0);
  }
  if (t.type === 'object' && isPattern(ctx, t)) {
    ctx.emit({ op: 'typeIs', source: l, types: [VALUE_TYPE.OBJECT] });
    ctx.emit({ op: 'lenIs', source: l, n: t.items.length });
    const go = (i: number): void => {
      if (i >= t.items.length) return k();
      const [kt, vt] = t.items[i];
      planTerm(ctx, kt, (key) => {
        const e = ctx.local();
        ctx.emit({ op: 'dot', source: l, key, target: e });
        unifyValue(ctx, vt, e, () => go(i + 1));
      });
    };
    return go(0);
  }
  planTerm(ctx, t, (v) => {
    ctx.emit({ op: 'equal', a: v, b: l });
    k();
  });
}
