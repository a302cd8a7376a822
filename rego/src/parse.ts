/*
 * Rego v1 module and query parser (recursive descent over lex.ts tokens; terms in parse-terms.ts).
 * v0 forms are rejected as OPA 1.x does: a rule body needs `if`, a partial set needs `contains`.
 */
import type { Annotation, Body, Expr, Import, Location, Module, Package, Ref, Rule, Term, Var } from './ast';
import { RegoCompileError, regoError } from './errors';
import { lex, type Token } from './lex';
import { extractMetadata, type MetadataBlock } from './metadata';
import { BodyParser } from './parse-body';
import { KEYWORDS } from './parse-terms';

export { KEYWORDS };

/** Parse one module. Throws RegoCompileError (rego_parse_error). */
export function parseModule(source: string, file: string): Module {
  const { tokens, comments } = lex(source, file);
  const meta = extractMetadata(comments, file);
  return new ModuleParser(tokens, file, meta).parseModule();
}

/** Parse a query (a body: expressions separated by `;` or newlines). */
export function parseQuery(source: string, file = 'query'): Body {
  const { tokens } = lex(source, file);
  return new ModuleParser(tokens, file, []).parseQueryBody();
}

/** Parse a single term (e.g. an `input_term`). */
export function parseTerm(source: string, file = 'term'): Term {
  const { tokens } = lex(source, file);
  return new ModuleParser(tokens, file, []).parseSingleTerm();
}

function trueBody(location: Location): Body {
  return [{ kind: 'term', term: { type: 'boolean', value: true, location }, negated: false, with: [], location }];
}

class ModuleParser extends BodyParser {
  private metaIdx = 0;
  private allAnnotations: Annotation[] = [];

  constructor(tokens: Token[], file: string, private readonly meta: MetadataBlock[]) {
    super(tokens, file);
  }

  parseQueryBody(): Body {
    const body = this.parseBodyUntil('\u0000');
    if (this.tok.t !== 'eof') this.unexpected();
    if (body.length === 0) this.error('empty query');
    return body;
  }

  parseSingleTerm(): Term {
    const t = this.parseTermIn(false);
    if (this.tok.t !== 'eof') this.unexpected();
    return t;
  }

  /** Annotations whose block ends before `row` and have not been claimed yet. */
  private takeAnnotations(row: number): MetadataBlock[] {
    const out: MetadataBlock[] = [];
    while (this.metaIdx < this.meta.length && this.meta[this.metaIdx].endRow < row) {
      out.push(this.meta[this.metaIdx++]);
    }
    return out;
  }

  parseModule(): Module {
    const start = this.tok;
    if (!this.isKw('package')) {
      if (this.tok.t === 'eof') this.error('empty module');
      this.error('package expected');
    }
    const pkgBlocks = this.takeAnnotations(start.row);
    const pkg = this.parsePackage();
    const packageAnnotations = pkgBlocks.map((b) => {
      if (!b.explicitScope) b.annotation.scope = 'package';
      return b.annotation;
    });
    this.allAnnotations.push(...packageAnnotations);
    const imports: Import[] = [];
    while (this.isKw('import')) imports.push(this.parseImport());
    const rules: Rule[] = [];
    while (this.tok.t !== 'eof') {
      if (this.isKw('import')) this.error('unexpected import token: imports must appear before rules');
      if (this.isKw('package')) this.error('unexpected package token: expected rule');
      rules.push(this.parseRule());
    }
    return {
      file: this.file,
      package: pkg,
      imports,
      rules,
      annotations: this.allAnnotations,
      packageAnnotations,
      location: this.loc(start),
    };
  }

  private parsePackage(): Package {
    const kw = this.next();
    if (this.tok.nl) this.error('unexpected eof token: expected package path', this.tok);
    const t = this.parseTermPrimaryRef();
    const path = this.groundPath(t, 'package');
    if (path[0] === 'data') this.error('unexpected data token: package path must not start with data', this.tokens[this.p - 1]);
    return { path, location: this.loc(kw) };
  }

  /** `a.b["c"]` → ['a','b','c']; anything non-ground is an error. */
  private groundPath(t: Term, what: string): string[] {
    if (t.type === 'var') return [t.name];
    if (t.type === 'ref' && t.terms[0].type === 'var') {
      const out = [t.terms[0].name];
      for (const x of t.terms.slice(1)) {
        if (x.type !== 'string') this.error(`unexpected ${what} path: must be a ground ref of strings`, this.tokens[this.p - 1]);
        out.push(x.value);
      }
      return out;
    }
    return this.error(`unexpected ${what} path`, this.tokens[this.p - 1]);
  }

  private parseImport(): Import {
    const kw = this.next();
    const t = this.parseTermPrimaryRef();
    const segs = this.groundPath(t, 'import');
    const root = segs[0];
    if (root !== 'data' && root !== 'input' && root !== 'future' && root !== 'rego') {
      this.error(`unexpected import path, must begin with one of: {data, future, input, rego}, got: ${root}`, kw);
    }
    if (root === 'rego' && segs.join('.') === 'rego.v2') this.regoV2 = true;
    else if (root === 'rego' && segs.join('.') !== 'rego.v1') this.error(`invalid import \`${segs.join('.')}\`, must be \`rego.v1\``, kw);
    if (root === 'future' && (segs.length < 2 || segs[1] !== 'keywords')) this.error(`invalid import ${segs.join('.')}, must be future.keywords`, kw);
    const path: Ref = t.type === 'ref' ? t : { type: 'ref', terms: [t], location: t.location };
    let alias: string | undefined;
    if (this.isKw('as') && !this.tok.nl) {
      this.next();
      const a = this.tok;
      if (a.t !== 'ident' || KEYWORDS.has(a.v)) this.unexpected('var');
      this.next();
      alias = a.v;
      if (root === 'future' || root === 'rego') this.error(`${root} imports cannot be aliased`, kw);
    }
    return { path, alias, location: this.loc(kw) };
  }

  private parseRule(): Rule {
    const start = this.tok;
    if (!start.nl && this.p > 0) this.error(`unexpected ${this.describe(start)} token: expected rule on a new line`, start);
    const blocks = this.takeAnnotations(start.row);
    const annotations = blocks.map((b) => b.annotation);
    this.allAnnotations.push(...annotations);
    const location = this.loc(start);
    let isDefault = false;
    if (this.isKw('default')) {
      this.next();
      isDefault = true;
    }
    const headTok = this.tok;
    if (headTok.t !== 'ident' || KEYWORDS.has(headTok.v)) this.unexpected('rule name');
    const headTerm = this.parseTermPrimaryRef();
    let ref: Ref;
    let args: Term[] | undefined;
    if (headTerm.type === 'call') {
      ref = headTerm.fn;
      args = headTerm.args;
    } else if (headTerm.type === 'var') {
      ref = { type: 'ref', terms: [headTerm], location: headTerm.location };
    } else if (headTerm.type === 'ref' && headTerm.terms[0].type === 'var') {
      ref = headTerm;
    } else {
      return this.error('unexpected rule head', headTok);
    }
    const name = (ref.terms[0] as Var).name;
    if (name === 'input' || name === 'data') this.error(`rule name conflicts with built-in variable: ${name}`, headTok);
    const head: Rule['head'] = { ref, args, assign: false, location: this.loc(headTok) };

    if (isDefault) {
      if (this.isOp(':=')) head.assign = true;
      else if (!this.isOp('=')) this.unexpected(':=');
      this.next();
      head.value = this.parseTermIn(false);
      if (this.isKw('if')) this.error('default rules must not have a body');
      return { head, body: trueBody(location), default: true, annotations, location };
    }

    if (this.isKw('contains') && this.sameLine()) {
      if (args) this.error('unexpected contains token: functions cannot use contains');
      this.next();
      head.key = this.parseTermIn(false);
    } else if ((this.isOp(':=') || this.isOp('=')) && this.sameLine()) {
      head.assign = this.next().v === ':=';
      head.value = this.parseTermIn(false);
    } else {
      head.value = { type: 'boolean', value: true, location: head.location };
    }

    let body: Body;
    if (this.isKw('if') && this.sameLine()) {
      this.next();
      body = this.parseRuleBody();
    } else if (this.isOp('{') && this.sameLine()) {
      return this.error('`if` keyword is required before rule body');
    } else {
      if (head.key === undefined && head.value?.type === 'boolean' && head.value.location === head.location && !args) {
        // bare `p` / `p[x]`: OPA 1.x requires a value, `contains` or a body
        if (ref.terms.length > 1 && ref.terms[ref.terms.length - 1].type !== 'string') {
          this.error('`contains` keyword is required for partial set rules', headTok);
        }
        this.error(`rule must have a value, a body or contains`, headTok);
      }
      body = trueBody(location);
    }
    const rule: Rule = { head, body, default: false, annotations, location };
    let last = rule;
    while (this.isKw('else')) {
      if (head.key !== undefined) this.error('else keyword cannot be used on multi-value rules');
      const kw = this.next();
      const elseHead: Rule['head'] = { ref, args, assign: false, location: this.loc(kw) };
      if ((this.isOp(':=') || this.isOp('=')) && this.sameLine()) {
        elseHead.assign = this.next().v === ':=';
        elseHead.value = this.parseTermIn(false);
      } else {
        elseHead.value = { type: 'boolean', value: true, location: this.loc(kw) };
      }
      let elseBody: Body;
      if (this.isKw('if') && this.sameLine()) {
        this.next();
        elseBody = this.parseRuleBody();
      } else if (this.isOp('{') && this.sameLine()) {
        return this.error('`if` keyword is required before rule body');
      } else {
        elseBody = trueBody(this.loc(kw));
      }
      last.else = { head: elseHead, body: elseBody, default: false, annotations: [], location: this.loc(kw) };
      last = last.else;
    }
    if (this.isOp('{') && this.sameLine()) this.error('unexpected { token: rule with multiple bodies is not supported in Rego v1');
    return rule;
  }

  /** After `if`: a braced body or one literal. */
  private parseRuleBody(): Body {
    if (this.isOp('{') && this.isOp('}', this.peek())) this.error('found empty body');
    if (this.isOp('{')) {
      // `if {x: 1 | ...}` can be a single-literal body that starts with a collection: try the body first
      const save = this.p;
      try {
        return this.parseBraceBody();
      } catch (e) {
        if (!(e instanceof RegoCompileError)) throw e;
        this.p = save;
        try {
          const saved = this.nlDepth;
          this.nlDepth = 0;
          const lit = this.parseLiteral();
          this.nlDepth = saved;
          if (this.tok.nl || this.atEof()) return [lit];
        } catch {
          // report the body's error, the likelier intent
        }
        throw e;
      }
    }
    const saved = this.nlDepth;
    this.nlDepth = 0;
    const e: Expr = this.parseLiteral();
    this.nlDepth = saved;
    return [e];
  }
}

export { RegoCompileError, regoError };
