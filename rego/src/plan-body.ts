// Planning of rule bodies, expressions and terms into IR statements. Continuation-passing: planning an
// expression takes the rest of the body as a callback `k`, which is planned *inside* any scan the
// expression opens, so every solution of the expression runs the rest of the body (OPA's evaluation order).
import type { Body, Call, Expr, Term } from './ast';
import { isGround } from './ast';
import { callName } from './check';
import type { Block, Local } from './ir';
import { Ctx, PlanError, RT } from './plan-ctx';
import { planWith } from './plan-with';
import { isUnboundVar, unify, unifyValue } from './plan-unify';
import { BUILTIN_ALIASES, BUILTINS, JS_BUILTINS, VALUE_TYPE } from './runtime-api';
import { HOST_SET_RESULTS } from './js-builtins';

const COMPARISONS = new Set(['equal', 'neq', 'lt', 'lte', 'gt', 'gte']);

export type K = () => void;
export type KV = (l: Local) => void;

export function planBody(ctx: Ctx, body: Body, k: K, i = 0): void {
  if (i >= body.length) return k();
  planExpr(ctx, body[i], () => planBody(ctx, body, k, i + 1));
}

function planExpr(ctx: Ctx, e: Expr, k: K): void {
  if (e.with.length > 0) return planWith(ctx, e, e.with, 0, k);
  planExprPlain(ctx, e, k);
}

export function planExprPlain(ctx: Ctx, e: Expr, k: K): void {
  if (e.negated) {
    negation(ctx, () => planExprInner(ctx, e, ctx.failParent()));
    return k();
  }
  planExprInner(ctx, e, k);
}

function planExprInner(ctx: Ctx, e: Expr, k: K): void {
  switch (e.kind) {
    case 'term': {
      const t = e.term;
      if (t.type === 'call') {
        const ar = arity(ctx, callName(t));
        if (ar !== undefined && t.args.length === ar + 1) {
          // `f(x, out)`: the last argument receives the result.
          const c: Call = { ...t, args: t.args.slice(0, ar) };
          return planCall(ctx, c, (r) => unifyValue(ctx, t.args[ar], r, k));
        }
      }
      if (t.type === 'call' && t.args.length === 2 && COMPARISONS.has(callName(t)) && !ctx.scope.mocks.has(callName(t))) {
        // A comparison as an expression only filters: compare in place, no boolean value is built.
        const op = callName(t);
        return planTerms(ctx, t.args, ([a, b]) => {
          if (op === 'equal') ctx.emit({ op: 'equal', a, b });
          else if (op === 'neq') ctx.emit({ op: 'notEqual', a, b });
          else ctx.emit({ op: 'compare', a, b, cmp: op as 'lt' | 'lte' | 'gt' | 'gte' });
          k();
        });
      }
      return planTerm(ctx, t, (v) => {
        ctx.emit({ op: 'truthy', source: v });
        k();
      });
    }
    case 'unify':
    case 'assign':
      return unify(ctx, e.lhs, e.rhs, k);
    case 'some':
      return k();
    case 'somein':
      return planTerm(ctx, e.domain, (d) =>
        scan(ctx, d, (key, val) => {
          const bindVal = (): void => unifyValue(ctx, e.value, val, k);
          if (e.key) unifyValue(ctx, e.key, key, bindVal);
          else bindVal();
        }),
      );
    case 'every':
      return planTerm(ctx, e.domain, (d) => {
        // A non-collection domain makes `every` undefined (not vacuously true).
        ctx.emit({ op: 'typeIs', source: d, types: [VALUE_TYPE.ARRAY, VALUE_TYPE.OBJECT, VALUE_TYPE.SET] });
        const failed = ctx.local();
        ctx.emit({ op: 'reset', target: failed });
        scan(ctx, d, (key, val) => {
          const inner = (): void => {
            negation(ctx, () => planBody(ctx, e.body, ctx.failParent()));
            ctx.emit({ op: 'const', index: ctx.pool.add('true'), target: failed });
          };
          const bindVal = (): void => unifyValue(ctx, e.value, val, inner);
          if (e.key) unifyValue(ctx, e.key, key, bindVal);
          else bindVal();
        });
        ctx.emit({ op: 'isUndefined', source: failed });
        k();
      });
  }
}

/**
 * `not`: the body is planned into a block whose solutions (the continuation given by ctx.failParent(), taken
 * inside any scan the body opens) leave the enclosing block, i.e. fail it; if no solution exists, execution
 * continues after the body.
 */
function negation(ctx: Ctx, body: () => void): void {
  const b: Block = { stmts: [] };
  ctx.emit({ op: 'not', body: b });
  ctx.within(b, body);
}

/** Builtins the planner answers itself, at compile time (see planCall). */
const PLANNED_BUILTINS: Record<string, number> = { 'rego.metadata.rule': 0, 'rego.metadata.chain': 0, 'opa.runtime': 0, trace: 1 };

export function arity(ctx: Ctx, name: string): number | undefined {
  const m = ctx.scope.mocks.get(name);
  if (m && m.kind === 'fn') name = m.name;
  const u = ctx.planner.userArity(name);
  if (u !== undefined) return u;
  if (PLANNED_BUILTINS[name] !== undefined) return PLANNED_BUILTINS[name];
  name = BUILTIN_ALIASES[name] ?? name;
  if (BUILTINS[name]) return BUILTINS[name].arity;
  if (JS_BUILTINS[name] !== undefined) return JS_BUILTINS[name];
  return undefined;
}

// ---------------------------------------------------------------- terms

export function scan(ctx: Ctx, source: Local, f: (key: Local, val: Local) => void): void {
  const key = ctx.local();
  const value = ctx.local();
  const body: Block = { stmts: [] };
  ctx.emit({ op: 'scan', source, key, value, body });
  ctx.within(body, () => f(key, value));
}

export function constJson(t: Term): string | undefined {
  switch (t.type) {
    case 'null':
      return 'null';
    case 'boolean':
      return String(t.value);
    case 'number':
      return /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(t.raw) ? t.raw : JSON.stringify(t.value);
    case 'string':
      return JSON.stringify(t.value);
    case 'array': {
      const xs = t.items.map(constJson);
      return xs.every((x) => x !== undefined) ? '[' + xs.join(',') + ']' : undefined;
    }
    case 'object': {
      const parts: string[] = [];
      for (const [kt, vt] of t.items) {
        if (kt.type !== 'string') return undefined;
        const v = constJson(vt);
        if (v === undefined) return undefined;
        parts.push(JSON.stringify(kt.value) + ':' + v);
      }
      // Duplicate keys: let the general path handle them.
      if (new Set(t.items.map(([kt]) => (kt as { value: string }).value)).size !== t.items.length) return undefined;
      return '{' + parts.join(',') + '}';
    }
    default:
      return undefined;
  }
}

/**
 * Plan several terms; those that are not yet bound plain variables go last, so that refs binding them by
 * iteration (`x == input.xs[x]`) are planned first.
 */
export function planTerms(ctx: Ctx, ts: Term[], k: (ls: Local[]) => void): void {
  const order = ts.map((_, i) => i);
  order.sort((x, y) => Number(isUnboundVar(ctx, ts[x])) - Number(isUnboundVar(ctx, ts[y])) || x - y);
  const out: Local[] = new Array(ts.length);
  const go = (j: number): void => {
    if (j >= order.length) return k([...out]); // a copy: alternatives re-run the continuation
    planTerm(ctx, ts[order[j]], (l) => {
      out[order[j]] = l;
      go(j + 1);
    });
  };
  go(0);
}

export function planTerm(ctx: Ctx, t: Term, k: KV): void {
  if (isGround(t)) {
    const j = constJson(t);
    if (j !== undefined) return k(ctx.konst(j));
  }
  switch (t.type) {
    case 'var': {
      const l = ctx.vars.get(t.name);
      if (l !== undefined) return k(l);
      if (t.name === 'input' || t.name === 'data') return planRef(ctx, [t], k);
      throw new PlanError(`var ${t.orig ?? t.name} is unsafe`, t.location);
    }
    case 'ref':
      return planRef(ctx, t.terms, k);
    case 'array':
      return planTerms(ctx, t.items, (ls) => {
        const a = ctx.rt(RT.arrayNew, []);
        for (const l of ls) ctx.rtVoid(RT.arrayAppend, [a, l]);
        k(a);
      });
    case 'set':
      return planTerms(ctx, t.items, (ls) => {
        const s = ctx.rt(RT.setNew, []);
        for (const l of ls) ctx.rtVoid(RT.setAdd, [s, l]);
        k(s);
      });
    case 'object':
      return planTerms(ctx, t.items.flat(), (ls) => {
        const o = ctx.rt(RT.objectNew, []);
        for (let i = 0; i < ls.length; i += 2) ctx.rtVoid(RT.objectInsert, [o, ls[i], ls[i + 1]]);
        k(o);
      });
    case 'arraycompr': {
      const a = ctx.rt(RT.arrayNew, []);
      ctx.block(() => planBody(ctx, t.body, () => planTerm(ctx, t.term, (v) => ctx.rtVoid(RT.arrayAppend, [a, v]))));
      return k(a);
    }
    case 'setcompr': {
      const s = ctx.rt(RT.setNew, []);
      ctx.block(() => planBody(ctx, t.body, () => planTerm(ctx, t.term, (v) => ctx.rtVoid(RT.setAdd, [s, v]))));
      return k(s);
    }
    case 'objectcompr': {
      const o = ctx.rt(RT.objectNew, []);
      ctx.block(() =>
        planBody(ctx, t.body, () =>
          planTerm(ctx, t.key, (kl) =>
            planTerm(ctx, t.value, (vl) => {
              insertOnce(ctx, o, kl, vl, 'object keys must be unique', t);
            }),
          ),
        ),
      );
      return k(o);
    }
    case 'call':
      return planCall(ctx, t, k);
    default: {
      const j = constJson(t);
      if (j === undefined) throw new PlanError(`cannot plan term ${t.type}`, t.location);
      return k(ctx.konst(j));
    }
  }
}

/** obj[key] = v, raising a conflict error when the key holds a different value. */
export function insertOnce(ctx: Ctx, obj: Local, key: Local, v: Local, message: string, at: Term | { location: Term['location'] }): void {
  const existing = ctx.rt(RT.get, [obj, key]);
  ctx.block(() => {
    ctx.emit({ op: 'isDefined', source: existing });
    ctx.emit({ op: 'notEqual', a: existing, b: v });
    ctx.error('eval_conflict_error', message, at.location);
  });
  ctx.rtVoid(RT.objectInsert, [obj, key, v]);
}

function planCall(ctx: Ctx, c: Call, k: KV): void {
  let name = callName(c);
  const mock = ctx.scope.mocks.get(name);
  if (mock && mock.kind === 'slot')
    return planTerms(ctx, c.args, () => {
      const l = ctx.local();
      ctx.emit({ op: 'getSlot', slot: mock.slot, target: l });
      k(l);
    });
  // A replacement function runs without the mocks in force (OPA: a mock does not see other mocks, and may
  // call the function it replaces).
  let mocks = ctx.scope.mocks;
  if (mock && mock.kind === 'fn') {
    name = mock.name;
    mocks = new Map();
  }
  if (name === 'rego.metadata.rule' || name === 'rego.metadata.chain')
    return k(ctx.konst(ctx.planner.metadata(ctx, name === 'rego.metadata.rule' ? 'rule' : 'chain')));
  // A compiled module runs without an OPA runtime (no config, no environment): OPA's answer then is {}.
  if (name === 'opa.runtime') return k(ctx.konst('{}'));
  // print never fails: each operand is the set of its values (empty when undefined), every combination one line
  // for the host (OPA's print; the host sees nothing unless it listens, see loadCompiled).
  if (name === 'print') {
    const ops = ctx.rt(RT.arrayNew, []);
    for (const a of c.args) {
      const vals = ctx.rt(RT.setNew, []);
      ctx.block(() => planTerm(ctx, a, (v) => ctx.rtVoid(RT.setAdd, [vals, v])));
      ctx.rtVoid(RT.arrayAppend, [ops, vals]);
    }
    const lines = ctx.call({ kind: 'builtin', name: 'internal.print_lines' }, [ops], true);
    ctx.call({ kind: 'builtin', name: 'internal.print' }, [lines], false);
    return k(ctx.konst('true'));
  }
  // trace(note) is true, and hands a string note to the host (as OPA's tracer records it).
  if (name === 'trace')
    return planTerm(ctx, c.args[0], (note) => {
      ctx.emit({ op: 'typeIs', source: note, types: [VALUE_TYPE.STRING] });
      ctx.call({ kind: 'builtin', name: 'trace' }, [note], false);
      k(ctx.konst('true'));
    });
  name = BUILTIN_ALIASES[name] ?? name;
  const user = ctx.planner.userFunction(name, mocks);
  if (user) {
    return planTerms(ctx, c.args, (ls) => {
      k(ctx.call({ kind: 'fn', name: user.func }, [ctx.scope.input, ctx.scope.data, ...ls], true));
    });
  }
  if (name === 'walk')
    // A relation: the runtime returns all [path, value] pairs, each one a solution.
    return planTerms(ctx, c.args, (ls) => scan(ctx, ctx.call({ kind: 'builtin', name }, ls, true), (_k, pair) => k(pair)));
  if (HOST_SET_RESULTS.has(name)) {
    // a host builtin answers in JSON, which has no sets: the runtime turns its array back into OPA's set
    return planTerms(ctx, c.args, (ls) => k(ctx.call({ kind: 'builtin', name: 'cast_set' }, [ctx.call({ kind: 'builtin', name }, ls, true)], true)));
  }
  if (BUILTINS[name] || JS_BUILTINS[name] !== undefined) {
    return planTerms(ctx, c.args, (ls) => k(ctx.call({ kind: 'builtin', name }, ls, true)));
  }
  throw new PlanError(`undefined function ${name}`, c.location);
}

export function planRef(ctx: Ctx, terms: Term[], k: KV): void {
  const head = terms[0];
  if (head.type === 'var' && !ctx.vars.has(head.name)) {
    if (head.name === 'data') return ctx.planner.dataRef(ctx, terms, k);
    if (head.name === 'input') {
      const l = ctx.scope.input;
      ctx.emit({ op: 'isDefined', source: l });
      return refRest(ctx, l, terms, 1, k);
    }
  }
  planTerm(ctx, head, (l) => refRest(ctx, l, terms, 1, k));
}

/**
 * Continue a ref from `base` at terms[i]: bound terms are lookups, unbound ones iterate. `storage`: `base` is in
 * the base document, whose keys are looked up as OPA's storage does (see the IR's `dot`).
 */
export function refRest(ctx: Ctx, base: Local, terms: Term[], i: number, k: KV, storage = false): void {
  if (i >= terms.length) return k(base);
  const t = terms[i];
  if (ctx.isBound(t)) {
    return planTerm(ctx, t, (key) => {
      const v = ctx.local();
      ctx.emit({ op: 'dot', source: base, key, target: v, storage });
      refRest(ctx, v, terms, i + 1, k, storage);
    });
  }
  scan(ctx, base, (key, val) => unifyValue(ctx, t, key, () => refRest(ctx, val, terms, i + 1, k, storage)));
}

export { unify, unifyValue } from './plan-unify';
