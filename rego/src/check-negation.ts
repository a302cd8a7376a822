/*
 * What a negated expression evaluates before it is negated. OPA's compiler moves two kinds of operands out of
 * every expression into expressions of their own placed before it (stages RewriteExprTerms and
 * RewriteDynamicTerms), and for `not` that changes the answer: the moved operands are not negated.
 *   - calls nested in operands: `not count(input.missing) > 0` is `$1 = count(input.missing); not $1 > 0`;
 *   - refs among a call's operands (and ref operands of a ref): `not startswith(input.missing, "a")` is
 *     `$1 = input.missing; not startswith($1, "a")`, and `not f(input.missing)`, `not input.missing != 1`,
 *     `not "a" in input.missing` likewise.
 * When such an operand is undefined the whole expression is undefined, not true. A bare ref stays negated:
 * `not input.missing` is true. Outside `not` the rewrite changes nothing, so it is only applied under `not`.
 *
 * Calls are moved before the safety check (as OPA does: the moved call may bind what the negation could not),
 * refs after it (so every var they read is already bound before the negation).
 */
import type { Body, Expr, Term, Var, With } from './ast';

export type Fresh = (at: Term) => Var;

/** Apply `f` to every body nested in `t` (comprehension bodies). */
function mapClosures(t: Term, f: (b: Body) => Body): Term {
  const rec = (x: Term): Term => mapClosures(x, f);
  switch (t.type) {
    case 'ref': return { ...t, terms: t.terms.map(rec) };
    case 'call': return { ...t, args: t.args.map(rec) };
    case 'array': case 'set': return { ...t, items: t.items.map(rec) };
    case 'object': return { ...t, items: t.items.map(([k, v]): [Term, Term] => [rec(k), rec(v)]) };
    case 'arraycompr': case 'setcompr': return { ...t, term: rec(t.term), body: f(t.body) };
    case 'objectcompr': return { ...t, key: rec(t.key), value: rec(t.value), body: f(t.body) };
    default: return t;
  }
}

function mapExprClosures(e: Expr, f: (b: Body) => Body): Expr {
  const term = (t: Term): Term => mapClosures(t, f);
  const withs = e.with.map((w): With => ({ ...w, value: term(w.value) }));
  switch (e.kind) {
    case 'term': return { ...e, term: term(e.term), with: withs };
    case 'unify': case 'assign': return { ...e, lhs: term(e.lhs), rhs: term(e.rhs), with: withs };
    case 'somein': return { ...e, domain: term(e.domain), with: withs };
    case 'every': return { ...e, domain: term(e.domain), body: f(e.body), with: withs };
    case 'some': return e;
  }
}

/** `$N = t`, carrying the negated expression's `with` modifiers (they apply to what it evaluates). */
function binding(v: Var, t: Term, from: Expr): Expr {
  return { kind: 'unify', lhs: v, rhs: t, negated: false, with: from.with, location: t.location };
}

/** Rewrite each negated expression of `body` (and of every body nested in it) with `rewrite`. */
function eachNegation(body: Body, rewrite: (e: Expr, extras: Expr[]) => Expr): Body {
  const out: Body = [];
  for (const e0 of body) {
    const e = mapExprClosures(e0, (b) => eachNegation(b, rewrite));
    if (!e.negated || (e.kind !== 'term' && e.kind !== 'unify')) {
      out.push(e);
      continue;
    }
    const extras: Expr[] = [];
    const r = rewrite(e, extras);
    out.push(...extras, r);
  }
  return out;
}

/** Before safety: calls nested in a negated expression's operands become `$N = call` before it. */
export function hoistNegatedCalls(body: Body, fresh: Fresh): Body {
  return eachNegation(body, (e, extras) => {
    const expand = (t: Term): Term => {
      switch (t.type) {
        case 'call': {
          const call = { ...t, args: t.args.map(expand) };
          const v = fresh(t);
          extras.push(binding(v, call, e));
          return v;
        }
        case 'ref': return { ...t, terms: t.terms.map(expand) };
        case 'array': case 'set': return { ...t, items: t.items.map(expand) };
        case 'object': return { ...t, items: t.items.map(([k, v]): [Term, Term] => [expand(k), expand(v)]) };
        default: return t;
      }
    };
    if (e.kind === 'unify') return { ...e, lhs: expand(e.lhs), rhs: expand(e.rhs) };
    if (e.kind !== 'term') return e;
    const t = e.term;
    // the negated call itself stays; what it is given moves out
    if (t.type === 'call') return { ...e, term: { ...t, args: t.args.map(expand) } };
    return { ...e, term: expand(t) };
  });
}

/** After safety: refs among a negated call's operands (and ref operands of refs) become `$N = ref` before it. */
export function hoistNegatedRefs(body: Body, fresh: Fresh): Body {
  return eachNegation(body, (e, extras) => {
    const one = (t: Term): Term => {
      switch (t.type) {
        case 'ref': {
          const ref = { ...t, terms: [t.terms[0], ...t.terms.slice(1).map(one)] };
          const v = fresh(t);
          extras.push(binding(v, ref, e));
          return v;
        }
        case 'array': case 'set': return { ...t, items: t.items.map(one) };
        case 'object': return { ...t, items: t.items.map(([k, v]): [Term, Term] => [one(k), one(v)]) };
        default: return t;
      }
    };
    // a ref expression keeps its head ref negated; only refs used as its keys move out
    const inTerm = (t: Term): Term => (t.type === 'ref' ? { ...t, terms: [t.terms[0], ...t.terms.slice(1).map(one)] } : one(t));
    if (e.kind === 'unify') return { ...e, lhs: inTerm(e.lhs), rhs: inTerm(e.rhs) };
    if (e.kind !== 'term') return e;
    const t = e.term;
    if (t.type === 'call') return { ...e, term: { ...t, args: t.args.map(one) } };
    return { ...e, term: inTerm(t) };
  });
}
