/*
 * Bodies and their literals: expressions separated by `;` or newlines, with `not`, `some`, `every` and
 * `with` modifiers. `not { a; b }` (with `import rego.v2` or `future.keywords.not`) is accepted and planned as a
 * count check.
 */
import type { Body, Expr, Location, Ref, Term, Var, With } from './ast';
import { TermParser } from './parse-terms';

export abstract class BodyParser extends TermParser {
  /** Parse expressions up to (not including) the closing token `end` ('}' or ']' for comprehensions). */
  protected parseBodyUntil(end: string): Body {
    const saved = this.nlDepth;
    const savedOr = this.noOr;
    this.nlDepth = 0;
    this.noOr = 0;
    const body: Body = [];
    for (;;) {
      while (this.isOp(';')) this.next();
      if (this.isOp(end) || this.atEof()) break;
      body.push(this.parseLiteral());
      if (this.isOp(';')) continue;
      if (this.isOp(end) || this.atEof()) break;
      if (!this.tok.nl) this.unexpected();
    }
    this.nlDepth = saved;
    this.noOr = savedOr;
    return body;
  }

  /** `{ body }` */
  protected parseBraceBody(): Body {
    const open = this.expectOp('{');
    const body = this.parseBodyUntil('}');
    if (body.length === 0) this.error('found empty body', open);
    this.expectOp('}');
    return body;
  }

  /** One body expression, with `not`, `some`, `every` and `with` modifiers. */
  protected parseLiteral(): Expr {
    const start = this.tok;
    const location = this.loc(start);
    if (this.isKw('some')) {
      this.next();
      return this.parseSome(location);
    }
    if (this.isKw('every')) {
      this.next();
      const e = this.parseEvery(location);
      e.with = this.parseWiths();
      return e;
    }
    let negated = false;
    if (this.isKw('not')) {
      this.next();
      negated = true;
      if (this.isKw('some') || this.isKw('every')) this.unexpected('expression');
      if (this.regoV2) {
        // `not { a; b }` (rego.v2, future.keywords.not): true iff the body has no solution; planned as
        // `count([true | a; b]) == 0`. There `not <expr>` is `not { <expr> }`: what the expression evaluates
        // stays inside the negation (check-negation.ts moves nothing out of a body).
        const body = this.isOp('{') ? this.parseBraceBody() : [this.parseLiteral()];
        const tt: Term = { type: 'boolean', value: true, location };
        const compr: Term = { type: 'arraycompr', term: tt, body, location };
        const zero: Term = { type: 'number', value: 0, raw: '0', location };
        const term = this.call('equal', [this.call('count', [compr], location), zero], location);
        return { kind: 'term', term, negated: false, with: this.parseWiths(), location };
      }
    }
    const lhs = this.parseTermIn(true);
    let expr: Expr;
    if (this.isOp('=')) {
      this.next();
      expr = { kind: 'unify', lhs, rhs: this.parseTermIn(false), negated, with: [], location };
    } else if (this.isOp(':=')) {
      const opTok = this.next();
      if (negated) this.error('unexpected assign token: `not` cannot be applied to assignment', opTok);
      expr = { kind: 'assign', lhs, rhs: this.parseTermIn(false), negated, with: [], location };
    } else {
      expr = { kind: 'term', term: lhs, negated, with: [], location };
    }
    expr.with = this.parseWiths();
    return expr;
  }

  protected parseWiths(): With[] {
    const out: With[] = [];
    while (this.isKw('with')) {
      const w = this.next();
      const target = this.parseTermPrimaryRef();
      const tref: Ref = target.type === 'ref' ? target : target.type === 'var' ? { type: 'ref', terms: [target], location: target.location } : this.error('invalid with target', w);
      if (!this.isKw('as')) this.unexpected('as');
      this.next();
      const value = this.parseTermIn(false);
      out.push({ target: tref, value, location: this.loc(w) });
    }
    return out;
  }

  private parseSome(location: Location): Expr {
    // `some x in xs`, `some k, v in xs`, or `some x, y` (declarations)
    const first = this.parseTermIn(true);
    if (first.type === 'call' && first.fn.terms.length === 1) {
      const name = (first.fn.terms[0] as Var).name;
      if (name === 'internal.member_2') {
        return { kind: 'somein', value: first.args[0], domain: first.args[1], negated: false, with: this.parseWiths(), location };
      }
      if (name === 'internal.member_3') {
        return { kind: 'somein', key: first.args[0], value: first.args[1], domain: first.args[2], negated: false, with: this.parseWiths(), location };
      }
    }
    const vars: Var[] = [];
    let t: Term = first;
    for (;;) {
      if (t.type !== 'var') this.error('expected var in some declaration', this.tokens[this.p - 1]);
      vars.push(t);
      if (!this.isOp(',')) break;
      this.next();
      t = this.parseTermPrimaryRef();
    }
    return { kind: 'some', vars, negated: false, with: [], location };
  }

  private parseEvery(location: Location): Expr {
    const first = this.parseTermIn(true);
    let key: Term | undefined;
    let value: Term;
    let domain: Term;
    if (first.type === 'call' && (first.fn.terms[0] as Var).name === 'internal.member_2') {
      value = first.args[0]; domain = first.args[1];
    } else if (first.type === 'call' && (first.fn.terms[0] as Var).name === 'internal.member_3') {
      key = first.args[0]; value = first.args[1]; domain = first.args[2];
    } else {
      return this.error('unexpected every: expected `in`', this.tok);
    }
    if (key !== undefined && key.type !== 'var') this.error('unexpected term: every key must be a var', this.tok);
    if (value.type !== 'var') this.error('unexpected term: every value must be a var', this.tok);
    const body = this.parseBraceBody();
    return { kind: 'every', key, value, domain, body, negated: false, with: [], location };
  }

}
