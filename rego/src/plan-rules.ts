// Planning of rule groups into functions: complete rules (one value, conflicts are errors), else chains,
// defaults, partial sets and objects (incl. ref heads with several dynamic keys), and functions.
import type { Rule, Term } from './ast';
import type { RuleGroup } from './check';
import type { Local } from './ir';
import { planBody, planTerm, insertOnce, unifyValue } from './plan-body';
import { Ctx, RT } from './plan-ctx';

const TRUE: Term = { type: 'boolean', value: true, location: { file: '', row: 0, col: 0 } };

// OPA has worded these two ways over its versions; the message carries both so either can be matched.
const completeConflict = (g: RuleGroup): string =>
  `rule ${g.path.join('.')} produced conflicting values (complete rules must not produce multiple outputs)`;
const functionConflict = (g: RuleGroup): string =>
  `function ${g.path.join('.')} produced conflicting values for the same inputs (functions must not produce multiple outputs for same inputs)`;
const KEY_CONFLICT = 'object keys must be unique';

/** Plans the body of a rule group's function into ctx; returns the local holding the value. */
export function planGroup(ctx: Ctx, g: RuleGroup, orderSlot: number | undefined): Local {
  if (g.kind === 'function') return planFunction(ctx, g);
  if (g.kind === 'multi' || isKeyed(g)) return planPartial(ctx, g, orderSlot);
  const r = ctx.local();
  ctx.emit({ op: 'reset', target: r });
  for (const rule of g.rules) {
    const c = planChain(ctx, rule, [], completeConflict(g));
    mergeOne(ctx, r, c, completeConflict(g), rule);
  }
  planDefault(ctx, g, r);
  return r;
}

function planDefault(ctx: Ctx, g: RuleGroup, r: Local): void {
  if (!g.default) return;
  const d = g.default;
  ctx.rule = d;
  ctx.block(() => {
    ctx.emit({ op: 'isUndefined', source: r });
    planBody(ctx, d.body, () => planTerm(ctx, d.head.value ?? TRUE, (v) => ctx.emit({ op: 'assign', source: v, target: r })));
  });
}

/** r := c when c is defined, raising a conflict when r already holds a different value. */
function mergeOne(ctx: Ctx, r: Local, c: Local, message: string, at: Rule): void {
  ctx.block(() => {
    ctx.emit({ op: 'isDefined', source: c });
    ctx.block(() => {
      ctx.emit({ op: 'isDefined', source: r });
      ctx.emit({ op: 'notEqual', a: r, b: c });
      ctx.error('eval_conflict_error', message, at.location);
    });
    ctx.emit({ op: 'assign', source: c, target: r });
  });
}

/**
 * A rule and its else branches: the first branch whose body succeeds gives the value. `args` are the
 * function's parameter locals (unified with each branch's head args before its body).
 */
function planChain(ctx: Ctx, rule: Rule, args: Local[], message: string): Local {
  ctx.rule = rule;
  const c = ctx.local();
  ctx.emit({ op: 'reset', target: c });
  const levels: Rule[] = [];
  for (let r: Rule | undefined = rule; r; r = r.else) levels.push(r);
  const headArgs = rule.head.args ?? [];
  ctx.block(() => {
    levels.forEach((lv, i) => {
      if (i > 0) ctx.emit({ op: 'isUndefined', source: c });
      ctx.block(() =>
        unifyArgs(ctx, headArgs, args, 0, () =>
          planBody(ctx, lv.body, () =>
            planTerm(ctx, lv.head.value ?? TRUE, (v) => {
              ctx.block(() => {
                ctx.emit({ op: 'isDefined', source: c });
                ctx.emit({ op: 'notEqual', a: c, b: v });
                ctx.error('eval_conflict_error', message, lv.location);
              });
              ctx.emit({ op: 'assign', source: v, target: c });
            }),
          ),
        ),
      );
    });
  });
  return c;
}

function unifyArgs(ctx: Ctx, ts: Term[], ls: Local[], i: number, k: () => void): void {
  if (i >= ts.length || i >= ls.length) return k();
  unifyValue(ctx, ts[i], ls[i], () => unifyArgs(ctx, ts, ls, i + 1, k));
}

function planFunction(ctx: Ctx, g: RuleGroup): Local {
  const args: Local[] = [];
  for (let i = 0; i < (g.arity ?? 0); i++) args.push(2 + i);
  const r = ctx.local();
  ctx.emit({ op: 'reset', target: r });
  for (const rule of g.rules) {
    const c = planChain(ctx, rule, args, functionConflict(g));
    mergeOne(ctx, r, c, functionConflict(g), rule);
  }
  if (g.default) {
    const d = g.default;
    ctx.block(() => {
      ctx.emit({ op: 'isUndefined', source: r });
      unifyArgs(ctx, d.head.args ?? [], args, 0, () =>
        planBody(ctx, d.body, () => planTerm(ctx, d.head.value ?? TRUE, (v) => ctx.emit({ op: 'assign', source: v, target: r }))),
      );
    });
  }
  return r;
}

/** Partial sets / objects: every solution of every body adds to the collection. */
/** Do the group's rules have keys after the group path (`p[k] := v`, `a.b[x] contains y`)? Its value is an object. */
export function isKeyed(g: RuleGroup): boolean {
  return g.kind !== 'function' && g.rules.some((r) => r.head.ref.terms.length > g.path.length);
}

/**
 * Partial sets / objects: every solution of every body adds to the collection. For objects, the first-level
 * keys are also listed in the order rules produced them (in override slot `orderSlot`), since OPA enumerates
 * such a document's keys in that order.
 */
function planPartial(ctx: Ctx, g: RuleGroup, orderSlot: number | undefined): Local {
  const multi = g.kind === 'multi';
  const anyKeys = isKeyed(g);
  const r = ctx.rt(anyKeys ? RT.objectNew : RT.setNew, []);
  const order = anyKeys ? ctx.rt(RT.arrayNew, []) : undefined;
  for (const rule of g.rules) {
    ctx.rule = rule;
    const keys = rule.head.ref.terms.slice(g.path.length);
    for (let lv: Rule | undefined = rule; lv; lv = lv.else) {
      const level = lv;
      ctx.block(() =>
        planBody(ctx, level.body, () => {
          const terms: Term[] = [...keys, multi ? level.head.key ?? TRUE : level.head.value ?? TRUE];
          planSeq(ctx, terms, (ls) => {
            if (keys.length === 0) return ctx.rtVoid(RT.setAdd, [r, ls[0]]);
            if (order !== undefined) {
              const ex = ctx.rt(RT.get, [r, ls[0]]);
              ctx.block(() => {
                ctx.emit({ op: 'isUndefined', source: ex });
                ctx.rtVoid(RT.arrayAppend, [order, ls[0]]);
              });
            }
            let cur = r;
            for (let j = 0; j < keys.length - 1; j++) cur = child(ctx, cur, ls[j], RT.objectNew);
            const last = ls[keys.length - 1];
            const v = ls[keys.length];
            if (multi) {
              const s = child(ctx, cur, last, RT.setNew);
              ctx.rtVoid(RT.setAdd, [s, v]);
            } else insertOnce(ctx, cur, last, v, KEY_CONFLICT, level);
          });
        }),
      );
    }
  }
  if (order !== undefined && orderSlot !== undefined) ctx.emit({ op: 'setSlot', slot: orderSlot, source: order });
  return r;
}

/** cur[key], created with `ctor` when absent. */
function child(ctx: Ctx, cur: Local, key: Local, ctor: string): Local {
  const sub = ctx.rt(RT.get, [cur, key]);
  ctx.block(() => {
    ctx.emit({ op: 'isUndefined', source: sub });
    const n = ctx.rt(ctor, []);
    ctx.emit({ op: 'assign', source: n, target: sub });
    ctx.rtVoid(RT.objectInsert, [cur, key, sub]);
  });
  return sub;
}

function planSeq(ctx: Ctx, ts: Term[], k: (ls: Local[]) => void, i = 0, acc: Local[] = []): void {
  if (i >= ts.length) return k(acc);
  planTerm(ctx, ts[i], (l) => planSeq(ctx, ts, k, i + 1, [...acc, l]));
}
