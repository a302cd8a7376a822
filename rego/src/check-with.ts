/*
 * `with` targets below a rule: OPA replaces a whole document, never a part of one that rules compute, so
 * `with data.p.obj.a as 7` (obj a rule) is a compile error rather than a replacement silently not made.
 */
import type { Body, Expr, Rule, Term } from './ast';
import { exprTerms, forEachTerm } from './check-walk';
import { type RegoError, regoError } from './errors';

function forEachExpr(b: Body, cb: (e: Expr) => void, seen: WeakSet<Expr>): void {
  for (const e of b) {
    if (seen.has(e)) continue;
    seen.add(e);
    cb(e);
    for (const t of exprTerms(e)) {
      forEachTerm(t, (x) => {
        if (x.type === 'arraycompr' || x.type === 'setcompr' || x.type === 'objectcompr') forEachExpr(x.body, cb, seen);
      });
    }
    if (e.kind === 'every') forEachExpr(e.body, cb, seen);
  }
}

/** Report every `with data...` target that lies strictly below the path of a rule (OPA's validateWith). */
export function checkWithTargets(rules: { rule: Rule; path: string[] }[], bodies: Body[], errors: RegoError[]): void {
  const rulePaths = new Set(rules.map((r) => r.path.join('\u0000')));
  const belowRule = (target: Term[]): boolean => {
    const keys: string[] = [];
    for (const t of target.slice(0, -1)) {
      if (t.type === 'var' && keys.length === 0) keys.push(t.name);
      else if (t.type === 'string') keys.push(t.value);
      else return false;
      if (keys.length > 1 && rulePaths.has(keys.join('\u0000'))) return true;
    }
    return false;
  };
  const seen = new WeakSet<Expr>();
  for (const b of bodies) {
    forEachExpr(b, (e) => {
      for (const w of e.with) {
        const head = w.target.terms[0];
        if (head.type === 'var' && head.name === 'data' && belowRule(w.target.terms)) {
          errors.push(regoError('rego_compile_error', 'with keyword cannot partially replace virtual document(s)', w.target.location));
        }
      }
    }, seen);
  }
}

/** Every body of a rule: its own, its else branches'. */
export function ruleBodies(r: Rule): Body[] {
  const out: Body[] = [];
  for (let x: Rule | undefined = r; x; x = x.else) out.push(x.body);
  return out;
}
