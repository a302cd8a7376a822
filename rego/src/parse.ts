/*
 * Rego module and query parser (recursive descent over lex.ts tokens; terms in parse-terms.ts, bodies in
 * parse-body.ts). One grammar for both language versions, as OPA's parser: Rego v1 (the default) requires
 * `if` before a body and `contains` for a multi-value rule; a Rego v0 module (`regoVersion: 0`, OPA's
 * `--v0-compatible`) also takes bodies without `if`, `p[x] { ... }` partial sets, several bodies after one head
 * (`p { a } { b }`), and has only the keywords its `import future.keywords...` name. `import rego.v1` makes a v0
 * module a v1 one. Imports may appear anywhere at the top level (OPA collects them wherever they are).
 */
import type { Annotation, Body, Expr, Import, Location, Module, Package, Ref, Rule, Term, Var } from './ast';
import { RegoCompileError, regoError } from './errors';
import { lex, type Token } from './lex';
import { extractMetadata, type MetadataBlock } from './metadata';
import { BodyParser } from './parse-body';
import { FUTURE_KEYWORDS, KEYWORDS, V0_KEYWORDS } from './parse-terms';

export { KEYWORDS };

/** Rego language version of a module: 1 (OPA 1.x default) or 0 (`--v0-compatible`). */
export type RegoVersion = 0 | 1;

export interface ParseOptions {
  /** The version a module is parsed as unless it imports `rego.v1` (default 1). */
  regoVersion?: RegoVersion;
}

/** Parse one module. Throws RegoCompileError (rego_parse_error). */
export function parseModule(source: string, file: string, options: ParseOptions = {}): Module {
  const { tokens, comments } = lex(source, file);
  const meta = extractMetadata(comments, file);
  return new ModuleParser(tokens, file, meta, options.regoVersion ?? 1).parseModule();
}

/** Parse a query (a body: expressions separated by `;` or newlines). */
export function parseQuery(source: string, file = 'query', options: ParseOptions = {}): Body {
  const { tokens } = lex(source, file);
  return new ModuleParser(tokens, file, [], options.regoVersion ?? 1).parseQueryBody();
}

/** Parse a single term (e.g. an `input_term`). */
export function parseTerm(source: string, file = 'term'): Term {
  const { tokens } = lex(source, file);
  return new ModuleParser(tokens, file, [], 1).parseSingleTerm();
}

function trueBody(location: Location): Body {
  return [{ kind: 'term', term: { type: 'boolean', value: true, location }, negated: false, with: [], location }];
}

/**
 * The version a module is written in, and its keywords: a v0 module that imports `rego.v1` is v1; otherwise
 * its `import future.keywords` (all) and `import future.keywords.x` (one) lines turn keywords on. Imports are
 * read from the tokens up front, since OPA accepts them anywhere in the module.
 */
function moduleLanguage(tokens: Token[], requested: RegoVersion): { version: RegoVersion; keywords: ReadonlySet<string>; notBodies: boolean } {
  const future = new Set<string>();
  let v1 = false;
  let notBodies = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.t !== 'ident' || t.v !== 'import' || !t.nl) continue;
    const segs: string[] = [];
    for (let j = i + 1; j < tokens.length && tokens[j].t === 'ident'; j += 2) {
      segs.push(tokens[j].v);
      if (!(tokens[j + 1]?.t === 'op' && tokens[j + 1].v === '.' && !tokens[j + 1].ws)) break;
    }
    const path = segs.join('.');
    if (path === 'rego.v1') v1 = true;
    // `not { body }`, and `not <expr>` as `not { <expr> }`
    if (path === 'rego.v2' || path === 'future.keywords.not') notBodies = true;
    if (segs[0] === 'future' && segs[1] === 'keywords') {
      if (segs.length === 2) FUTURE_KEYWORDS.forEach((k) => future.add(k));
      else if ((FUTURE_KEYWORDS as readonly string[]).includes(segs[2])) {
        future.add(segs[2]);
        if (segs[2] === 'every') future.add('in'); // `every x in xs` needs `in`
      }
    }
  }
  if (requested === 1 || v1) return { version: 1, keywords: KEYWORDS, notBodies };
  return { version: 0, keywords: new Set([...V0_KEYWORDS, ...future]), notBodies };
}

class ModuleParser extends BodyParser {
  private metaIdx = 0;
  private allAnnotations: Annotation[] = [];

  /** The module's language version (a v0 request turns into v1 with `import rego.v1`). */
  private readonly version: RegoVersion;

  constructor(tokens: Token[], file: string, private readonly meta: MetadataBlock[], requested: RegoVersion) {
    super(tokens, file);
    const lang = moduleLanguage(tokens, requested);
    this.version = lang.version;
    this.keywords = lang.keywords;
    this.regoV2 = lang.notBodies;
  }

  private get v0(): boolean {
    return this.version === 0;
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
    const rules: Rule[] = [];
    while (this.tok.t !== 'eof') {
      if (this.isKw('import')) {
        // OPA collects imports wherever they appear at the top level, after rules too.
        if (!this.tok.nl) this.error(`unexpected import token: expected a new line`);
        imports.push(this.parseImport());
        continue;
      }
      if (this.isKw('package')) this.error('unexpected package token: expected rule');
      rules.push(...this.parseRules());
    }
    return {
      file: this.file,
      package: pkg,
      imports,
      rules,
      annotations: this.allAnnotations,
      packageAnnotations,
      location: this.loc(start),
      regoVersion: this.version,
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
    if (root === 'rego' && !['rego.v1', 'rego.v2'].includes(segs.join('.'))) this.error(`invalid import \`${segs.join('.')}\`, must be \`rego.v1\``, kw);
    if (root === 'future' && (segs.length < 2 || segs[1] !== 'keywords')) this.error(`invalid import ${segs.join('.')}, must be future.keywords`, kw);
    const path: Ref = t.type === 'ref' ? t : { type: 'ref', terms: [t], location: t.location };
    let alias: string | undefined;
    if (this.isKw('as') && !this.tok.nl) {
      this.next();
      const a = this.tok;
      if (a.t !== 'ident' || this.keywords.has(a.v)) this.unexpected('var');
      this.next();
      alias = a.v;
      if (root === 'future' || root === 'rego') this.error(`${root} imports cannot be aliased`, kw);
    }
    return { path, alias, location: this.loc(kw) };
  }

  /**
   * One rule statement: a head and its body, else chain, and (Rego v0) further bodies `{ ... }` for the same
   * head, each of which is a rule of its own (OPA's "multiple bodies"; `opa test` runs each as a test).
   */
  private parseRules(): Rule[] {
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
    if (headTok.t !== 'ident' || this.keywords.has(headTok.v)) this.unexpected('rule name');
    const headTerm = this.parseTermPrimaryRef();
    let ref: Ref;
    let args: Term[] | undefined;
    if (headTerm.type === 'call') {
      ref = headTerm.fn;
      // `f() := x` has no arguments, so it is a plain rule (OPA: only a head with arguments is a function).
      args = headTerm.args.length > 0 ? headTerm.args : undefined;
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
      return [{ head, body: trueBody(location), default: true, annotations, location }];
    }

    let usesContains = false;
    if (this.isKw('contains') && this.sameLine()) {
      if (args) this.error('unexpected contains token: functions cannot use contains');
      this.next();
      head.key = this.parseTermIn(false);
      usesContains = true;
    } else if ((this.isOp(':=') || this.isOp('=')) && this.sameLine()) {
      head.assign = this.next().v === ':=';
      head.value = this.parseTermIn(false);
    } else {
      head.value = { type: 'boolean', value: true, location: head.location };
    }
    const generatedValue = !usesContains && head.value?.type === 'boolean' && head.value.location === head.location;
    // `if` may start the next line (`p contains x` newline `if {`): a statement never starts with it.
    const hasIf = this.isKw('if');
    if (this.v0 && !hasIf && !usesContains && !args && ref.terms.length === 2 && generatedValue) {
      // Rego v0: `p[x] { ... }` and a bare `p[x]` are partial sets (`p contains x`).
      head.key = ref.terms[1];
      head.ref = { ...ref, terms: [ref.terms[0]] };
      head.value = undefined;
    }

    let body: Body;
    let hasBody = true;
    if (hasIf) {
      this.next();
      body = this.parseRuleBody();
    } else if (this.isOp('{') && (this.v0 || this.sameLine())) {
      if (!this.v0) return this.error('`if` keyword is required before rule body');
      body = this.parseBraceBody();
    } else {
      hasBody = false;
      if (head.key === undefined && generatedValue && !args) {
        // bare `p` / `p[x]`: a rule needs a value, `contains` or a body
        if (ref.terms.length > 1 && ref.terms[ref.terms.length - 1].type !== 'string') {
          this.error('`contains` keyword is required for partial set rules', headTok);
        }
        this.error(`rule must have a value, a body or contains`, headTok);
      }
      body = trueBody(location);
    }
    const rule: Rule = { head, body, default: false, annotations, location };
    this.parseElseChain(rule);
    const rules = [rule];
    // Rego v0: `p { a } { b }` is two rules with one head.
    while (this.v0 && hasBody && this.isOp('{')) {
      if (rule.else) this.error('expected else keyword');
      const at = this.loc();
      rules.push({ head: { ...head, location: at }, body: this.parseBraceBody(), default: false, annotations: [], location: at });
    }
    if (!this.v0 && this.isOp('{') && this.sameLine()) this.error('unexpected { token: rule with multiple bodies is not supported in Rego v1');
    return rules;
  }

  /** `else [= value] [if] body` branches, each the fallback of the one before. */
  private parseElseChain(rule: Rule): void {
    const head = rule.head;
    let last = rule;
    while (this.isKw('else')) {
      if (head.key !== undefined) this.error('else keyword cannot be used on multi-value rules');
      const kw = this.next();
      const elseHead: Rule['head'] = { ref: head.ref, args: head.args, assign: false, location: this.loc(kw) };
      if ((this.isOp(':=') || this.isOp('=')) && this.sameLine()) {
        elseHead.assign = this.next().v === ':=';
        elseHead.value = this.parseTermIn(false);
      } else {
        elseHead.value = { type: 'boolean', value: true, location: this.loc(kw) };
      }
      let elseBody: Body;
      if (this.isKw('if')) {
        this.next();
        elseBody = this.parseRuleBody();
      } else if (this.isOp('{') && (this.v0 || this.sameLine())) {
        if (!this.v0) return this.error('`if` keyword is required before rule body');
        elseBody = this.parseBraceBody();
      } else {
        elseBody = trueBody(this.loc(kw));
      }
      last.else = { head: elseHead, body: elseBody, default: false, annotations: [], location: this.loc(kw) };
      last = last.else;
    }
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
