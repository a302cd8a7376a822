/*
 * Recursive-descent parsing of terms (shared by modules and queries); bodies and literals are in parse-body.ts.
 *
 * Operator precedence, loosest first (as OPA's grammar): `in` < relational (== != < <= > >=) < `|` < `&`
 * < `+ -` < `* / %` < unary / primary. All binary operators are left-associative.
 * `=` and `:=` are not term operators: they sit at the expression (literal) level.
 *
 * Newlines separate body expressions. As in OPA, an operator that cannot start an expression continues the
 * current one on the next line; `-` (which can start one) and `[`/`(`/`.` (which need no whitespace before them
 * to index or call) do not. Inside (), [] and collection braces newlines are insignificant (`nlDepth` > 0).
 */
import type { Body, Location, Ref, Term, Var } from './ast';
import { RegoCompileError, regoError } from './errors';
import type { Token } from './lex';

const REL_OPS: Record<string, string> = { '==': 'equal', '!=': 'neq', '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };
const ARITH_OPS: Record<string, string> = { '+': 'plus', '-': 'minus' };
const FACTOR_OPS: Record<string, string> = { '*': 'mul', '/': 'div', '%': 'rem' };

const OP_NAMES: Record<string, string> = {
  '+': 'plus', '-': 'minus', '*': 'mul', '/': 'quo', '%': 'rem', '&': 'and', '|': 'or', '=': 'eq', '==': 'equal',
  ':=': 'assign', '!=': 'neq', '>': 'gt', '<': 'lt', '>=': 'gte', '<=': 'lte',
};

/** Words that cannot be variable names in Rego v1. */
export const KEYWORDS = new Set([
  'package', 'import', 'as', 'default', 'else', 'not', 'some', 'every', 'in', 'contains', 'if', 'with',
  'true', 'false', 'null',
]);

/** The keywords a Rego v0 module can turn on one by one (`import future.keywords.in`), or all at once. */
export const FUTURE_KEYWORDS = ['in', 'every', 'contains', 'if'] as const;

/** Keywords of a Rego v0 module before any `future.keywords` import. */
export const V0_KEYWORDS = new Set([...KEYWORDS].filter((k) => !(FUTURE_KEYWORDS as readonly string[]).includes(k)));

export abstract class TermParser {
  protected p = 0;
  /** > 0 while inside (), [] or collection braces: newlines are then insignificant. */
  protected nlDepth = 0;
  /** `import rego.v2` seen: enables `not { body }`. */
  protected regoV2 = false;
  /** Disables `|` as the union operator (comprehension heads). */
  protected noOr = 0;
  /** Words that are keywords here: all of them in Rego v1, in v0 only those `future.keywords` imports name. */
  protected keywords: ReadonlySet<string> = KEYWORDS;

  constructor(protected readonly tokens: Token[], protected readonly file: string) {}

  // ------------------------------------------------------------ token helpers

  protected get tok(): Token {
    return this.tokens[this.p];
  }
  protected peek(k = 1): Token {
    return this.tokens[Math.min(this.p + k, this.tokens.length - 1)];
  }
  protected next(): Token {
    const t = this.tokens[this.p];
    if (this.p < this.tokens.length - 1) this.p++;
    return t;
  }
  protected atEof(): boolean {
    return this.tok.t === 'eof';
  }
  protected isOp(v: string, t: Token = this.tok): boolean {
    return t.t === 'op' && t.v === v;
  }
  protected isKw(v: string, t: Token = this.tok): boolean {
    return t.t === 'ident' && t.v === v && this.keywords.has(v);
  }
  protected loc(t: Token = this.tok): Location {
    return { file: this.file, row: t.row, col: t.col };
  }
  /** A token that may continue the current expression: not across a significant newline. */
  protected sameLine(t: Token = this.tok): boolean {
    return this.nlDepth > 0 || !t.nl;
  }
  /** Token names as OPA prints them in `unexpected X token`. */
  protected describe(t: Token): string {
    if (t.t === 'eof') return 'eof';
    if (t.t === 'ident') return this.keywords.has(t.v) ? t.v : 'identifier';
    if (t.t === 'string' || t.t === 'rawstring') return 'string';
    if (t.t === 'number') return 'number';
    return OP_NAMES[t.v] ?? t.v;
  }
  protected error(msg: string, t: Token = this.tok): never {
    throw new RegoCompileError([regoError('rego_parse_error', msg, this.loc(t))]);
  }
  protected unexpected(expected?: string): never {
    const t = this.tok;
    this.error(`unexpected ${this.describe(t)} token` + (expected ? `: expected ${expected}` : ''));
  }
  protected expectOp(v: string): Token {
    if (!this.isOp(v)) this.unexpected(v);
    return this.next();
  }

  /** Bodies are parsed by the subclass (parse-body.ts): comprehensions need them. */
  protected abstract parseBodyUntil(end: string): Body;

  // ------------------------------------------------------------ terms by precedence

  protected call(name: string, args: Term[], location: Location): Term {
    return { type: 'call', fn: { type: 'ref', terms: [{ type: 'var', name, location }], location }, args, location };
  }

  /** `a in b`, and when `keyVal`, `k, v in b` (only where the grammar allows it: literals, some, every). */
  protected parseTermIn(keyVal: boolean): Term {
    let lhs = this.parseTermRelation();
    if (keyVal && this.isOp(',')) {
      // look for `k, v in xs`: parse the second operand speculatively
      const save = this.p;
      this.next();
      if (this.tok.t !== 'eof') {
        try {
          const v = this.parseTermRelation();
          if (this.isKw('in')) {
            this.next();
            const dom = this.parseTermRelation();
            lhs = this.call('internal.member_3', [lhs, v, dom], lhs.location);
            return this.parseInTail(lhs);
          }
        } catch (e) {
          if (!(e instanceof RegoCompileError)) throw e;
        }
      }
      this.p = save;
    }
    return this.parseInTail(lhs);
  }

  private parseInTail(lhs: Term): Term {
    while (this.isKw('in')) {
      this.next();
      const rhs = this.parseTermRelation();
      lhs = this.call('internal.member_2', [lhs, rhs], lhs.location);
    }
    return lhs;
  }

  private parseTermRelation(): Term {
    let lhs = this.parseTermOr();
    while (this.tok.t === 'op' && REL_OPS[this.tok.v]) {
      const op = REL_OPS[this.next().v];
      lhs = this.call(op, [lhs, this.parseTermOr()], lhs.location);
    }
    return lhs;
  }

  private parseTermOr(): Term {
    let lhs = this.parseTermAnd();
    while (this.noOr === 0 && this.isOp('|')) {
      this.next();
      lhs = this.call('or', [lhs, this.parseTermAnd()], lhs.location);
    }
    return lhs;
  }

  private parseTermAnd(): Term {
    let lhs = this.parseTermArith();
    while (this.isOp('&')) {
      this.next();
      lhs = this.call('and', [lhs, this.parseTermArith()], lhs.location);
    }
    return lhs;
  }

  private parseTermArith(): Term {
    let lhs = this.parseTermFactor();
    while (this.tok.t === 'op' && ARITH_OPS[this.tok.v] && (this.tok.v === '+' || this.sameLine())) {
      const op = ARITH_OPS[this.next().v];
      lhs = this.call(op, [lhs, this.parseTermFactor()], lhs.location);
    }
    return lhs;
  }

  private parseTermFactor(): Term {
    let lhs = this.parseUnary();
    while (this.tok.t === 'op' && FACTOR_OPS[this.tok.v]) {
      const op = FACTOR_OPS[this.next().v];
      lhs = this.call(op, [lhs, this.parseUnary()], lhs.location);
    }
    return lhs;
  }

  private parseUnary(): Term {
    if (this.isOp('-')) {
      const minus = this.next();
      const nt = this.tok;
      if (nt.t === 'number' && !nt.ws) {
        this.next();
        const raw = '-' + nt.v;
        return this.parseRefTail({ type: 'number', value: Number(raw), raw, location: this.loc(minus) });
      }
      const operand = this.parseUnary();
      return this.call('minus', [{ type: 'number', value: 0, raw: '0', location: this.loc(minus) }, operand], this.loc(minus));
    }
    return this.parseTermPrimaryRef();
  }

  // ------------------------------------------------------------ primaries and refs

  /** A primary term followed by any `.x`, `[e]` and call suffixes. */
  protected parseTermPrimaryRef(): Term {
    return this.parseRefTail(this.parsePrimary());
  }

  /** Apply ref/call suffixes. Suffixes must follow without whitespace for `(`; `[`/`.` not across a newline. */
  protected parseRefTail(head: Term): Term {
    let term = head;
    for (;;) {
      const t = this.tok;
      if (this.isOp('.') && !t.ws) {
        this.next();
        const f = this.tok;
        if (f.t !== 'ident' || f.ws) this.unexpected('ident');
        this.next();
        term = this.appendRef(term, { type: 'string', value: f.v, location: this.loc(f) });
      } else if (this.isOp('[') && !t.ws && this.canIndex(term)) {
        this.next();
        this.nlDepth++;
        const savedOr = this.noOr;
        this.noOr = 0;
        const idx = this.parseTermIn(false);
        this.noOr = savedOr;
        this.nlDepth--;
        this.expectOp(']');
        term = this.appendRef(term, idx);
      } else if (this.isOp('(') && !t.ws && (term.type === 'var' || term.type === 'ref') && this.isNameRef(term)) {
        term = this.parseCallArgs(term);
      } else {
        return term;
      }
    }
  }

  private canIndex(t: Term): boolean {
    return t.type !== 'number' && t.type !== 'boolean' && t.type !== 'null';
  }

  private isNameRef(t: Term): boolean {
    if (t.type === 'var') return true;
    if (t.type !== 'ref') return false;
    return t.terms[0].type === 'var' && t.terms.slice(1).every((x) => x.type === 'string');
  }

  private appendRef(term: Term, operand: Term): Ref {
    if (term.type === 'ref') return { type: 'ref', terms: [...term.terms, operand], location: term.location };
    if (term.type === 'string' || term.type === 'number' || term.type === 'boolean' || term.type === 'null') {
      this.error('unexpected ref: scalar cannot be dereferenced');
    }
    return { type: 'ref', terms: [term, operand], location: term.location };
  }

  private parseCallArgs(fnTerm: Term): Term {
    const fn: Ref = fnTerm.type === 'ref' ? fnTerm : { type: 'ref', terms: [fnTerm], location: fnTerm.location };
    this.expectOp('(');
    this.nlDepth++;
    const savedOr = this.noOr;
    this.noOr = 0;
    const args: Term[] = [];
    while (!this.isOp(')')) {
      args.push(this.parseTermIn(false));
      if (this.isOp(',')) this.next();
      else if (!this.isOp(')')) this.unexpected(')');
    }
    this.noOr = savedOr;
    this.nlDepth--;
    this.next();
    // `set()` is the empty set literal
    if (fn.terms.length === 1 && (fn.terms[0] as Var).name === 'set' && args.length === 0) {
      return { type: 'set', items: [], location: fn.location };
    }
    return { type: 'call', fn, args, location: fn.location };
  }

  protected parsePrimary(): Term {
    const t = this.tok;
    const location = this.loc(t);
    switch (t.t) {
      case 'number':
        this.next();
        return { type: 'number', value: Number(t.v), raw: t.v, location };
      case 'string':
      case 'rawstring':
        this.next();
        return { type: 'string', value: t.v, location };
      case 'ident':
        if (t.v === 'null') { this.next(); return { type: 'null', location }; }
        if (t.v === 'true' || t.v === 'false') { this.next(); return { type: 'boolean', value: t.v === 'true', location }; }
        // `contains(s, x)` is a builtin although `contains` is a keyword
        if (this.keywords.has(t.v) && !(t.v === 'contains' && this.isOp('(', this.peek()) && !this.peek().ws)) this.unexpected('term');
        this.next();
        return { type: 'var', name: t.v, location };
      case 'op':
        if (t.v === '[') return this.parseArray();
        if (t.v === '{') return this.parseObjectOrSet();
        if (t.v === '(') {
          this.next();
          this.nlDepth++;
          const savedOr = this.noOr;
          this.noOr = 0;
          const inner = this.parseTermIn(true);
          this.noOr = savedOr;
          this.nlDepth--;
          this.expectOp(')');
          return inner;
        }
        break;
    }
    return this.unexpected('term');
  }

  private parseArray(): Term {
    const open = this.next();
    const location = this.loc(open);
    this.nlDepth++;
    const items: Term[] = [];
    if (this.isOp(']')) {
      this.nlDepth--;
      this.next();
      return { type: 'array', items, location };
    }
    this.noOr++;
    const first = this.parseTermIn(false);
    this.noOr--;
    if (this.isOp('|')) {
      this.next();
      const body = this.parseBodyUntil(']');
      if (body.length === 0) this.error('found empty body', open);
      this.nlDepth--;
      this.expectOp(']');
      return { type: 'arraycompr', term: first, body, location };
    }
    items.push(first);
    while (this.isOp(',')) {
      this.next();
      if (this.isOp(']')) break;
      items.push(this.parseTermIn(false));
    }
    this.nlDepth--;
    this.expectOp(']');
    return { type: 'array', items, location };
  }

  private parseObjectOrSet(): Term {
    const open = this.next();
    const location = this.loc(open);
    this.nlDepth++;
    if (this.isOp('}')) {
      this.nlDepth--;
      this.next();
      return { type: 'object', items: [], location };
    }
    this.noOr++;
    const first = this.parseTermIn(false);
    this.noOr--;
    if (this.isOp(':')) {
      this.next();
      this.noOr++;
      const firstVal = this.parseTermIn(false);
      this.noOr--;
      if (this.isOp('|')) {
        this.next();
        const body = this.parseBodyUntil('}');
        if (body.length === 0) this.error('found empty body', open);
        this.nlDepth--;
        this.expectOp('}');
        return { type: 'objectcompr', key: first, value: firstVal, body, location };
      }
      const items: [Term, Term][] = [[first, firstVal]];
      while (this.isOp(',')) {
        this.next();
        if (this.isOp('}')) break;
        const k = this.parseTermIn(false);
        this.expectOp(':');
        items.push([k, this.parseTermIn(false)]);
      }
      this.nlDepth--;
      this.expectOp('}');
      return { type: 'object', items, location };
    }
    if (this.isOp('|')) {
      this.next();
      const body = this.parseBodyUntil('}');
      if (body.length === 0) this.error('found empty body', open);
      this.nlDepth--;
      this.expectOp('}');
      return { type: 'setcompr', term: first, body, location };
    }
    const items: Term[] = [first];
    while (this.isOp(',')) {
      this.next();
      if (this.isOp('}')) break;
      items.push(this.parseTermIn(false));
    }
    this.nlDepth--;
    this.expectOp('}');
    return { type: 'set', items, location };
  }
}
