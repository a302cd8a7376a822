/*
 * Rego abstract syntax tree (v1 and v0 modules parse to the same shapes: see parse.ts).
 *
 * SHAPE (for the planner; the checker's output type is in check.ts, `CheckedPolicy`):
 *
 *   Module   { file, package: Package, imports: Import[], rules: Rule[], annotations: Annotation[] }
 *   Package  { path: string[] }                         `package a.b`  → ['a','b']  (no leading 'data')
 *   Import   { path: Ref, alias?: string }              `import data.x.y as z`, `import rego.v1`, `import input.a`
 *   Rule     { head: Head, body: Body, default, else?: Rule, annotations }
 *     Head   { ref: Ref, args?: Term[], key?: Term, value?: Term, assign }
 *       - complete        `p := 1 if {..}`          ref=p, value=1
 *       - default         `default p := false`      default=true, body=[true]
 *       - partial set     `p contains x if {..}`    ref=p, key=x, value undefined   (isMultiValue(rule))
 *       - "partial object"`p[k] := v if {..}`       ref=p[k] (last ref term is a var), value=v
 *       - ref head        `a.b[c] contains x`, `a.b.c := 1`
 *       - function        `f(x, y) := z if {..}`    args=[x,y], value=z; several rules = several bodies
 *       - value absent on a non-set, non-function rule means `true` (the parser fills a `true` term).
 *     else chain: rule.else = { head (value only meaningful), body, else? }, rule.else.head.ref = rule ref.
 *   Body = Expr[] (conjunction). An empty `if {}` is not valid Rego; a rule without `if` gets body [true].
 *   `not { a; b }` (only with `import rego.v2`) is desugared by the parser to `count([true | a; b]) == 0`.
 *   Expr { negated, with: With[], ...one of }:
 *       kind 'term'    { term }            bare term, incl. calls: `count(x) > 1` is call `gt(count(x), 1)`
 *       kind 'unify'   { lhs, rhs }        `a = b`
 *       kind 'assign'  { lhs, rhs }        `a := b`  (lhs: var or array/object pattern of vars)
 *       kind 'some'    { vars }            `some x, y`
 *       kind 'somein'  { key?, value, domain }   `some x in xs` / `some k, v in xs`
 *       kind 'every'   { key?, value, domain, body }
 *   Term (discriminated by `type`):
 *       null | boolean | number {raw, value} | string | var {name} | ref {terms}
 *       | array {items} | object {items: [k,v][]} | set {items}
 *       | arraycompr {term, body} | setcompr {term, body} | objectcompr {key, value, body}
 *       | call {fn: Ref, args}  — operators are calls with OPA's builtin names:
 *           + plus, - minus, * mul, / div, % rem, & and, | or, == equal, != neq, < lt, <= lte, > gt, >= gte,
 *           `x in xs` internal.member_2, `k, v in xs` internal.member_3, unary minus on a non-literal: minus(0, x)
 *   Ref.terms[0] is a var (`data`, `input`, a local, a rule name, a function/builtin name) or any
 *   other term (`[1,2][0]`, `f(x).y`); `.foo` is stored as a string term "foo", `[e]` as e.
 *   Every node has `location: {file, row, col}` (1-based row and col, col counted in characters).
 */

export interface Location {
  file: string;
  row: number;
  col: number;
}

interface Node {
  location: Location;
}

// ---------------------------------------------------------------- terms

export interface NullTerm extends Node { type: 'null' }
export interface BooleanTerm extends Node { type: 'boolean'; value: boolean }
/** `raw` keeps the source text so big or precise numbers survive to JSON unchanged. */
export interface NumberTerm extends Node { type: 'number'; value: number; raw: string }
export interface StringTerm extends Node { type: 'string'; value: string }
/**
 * A variable. `_` is a wildcard (the checker renames each one to a fresh `$N`).
 * After checking, locals may be renamed to unique names (`__local3__`); `orig` keeps the source name
 * for messages and for query bindings.
 */
export interface Var extends Node { type: 'var'; name: string; orig?: string }
export interface Ref extends Node { type: 'ref'; terms: Term[] }
export interface ArrayTerm extends Node { type: 'array'; items: Term[] }
export interface ObjectTerm extends Node { type: 'object'; items: [Term, Term][] }
export interface SetTerm extends Node { type: 'set'; items: Term[] }
export interface ArrayCompr extends Node { type: 'arraycompr'; term: Term; body: Body }
export interface SetCompr extends Node { type: 'setcompr'; term: Term; body: Body }
export interface ObjectCompr extends Node { type: 'objectcompr'; key: Term; value: Term; body: Body }
/** A function or builtin call; `fn` is the name as a ref (`count`, `array.concat`, after checking `data.pkg.f`). */
export interface Call extends Node { type: 'call'; fn: Ref; args: Term[] }

export type Scalar = NullTerm | BooleanTerm | NumberTerm | StringTerm;
export type Term =
  | Scalar
  | Var
  | Ref
  | ArrayTerm
  | ObjectTerm
  | SetTerm
  | ArrayCompr
  | SetCompr
  | ObjectCompr
  | Call;

// ---------------------------------------------------------------- expressions

/** `with input.x as v` / `with data.a.b as v` / `with count as f` (function mocking). */
export interface With extends Node { target: Ref; value: Term }

interface ExprBase extends Node {
  negated: boolean;
  with: With[];
}
export interface TermExpr extends ExprBase { kind: 'term'; term: Term }
export interface UnifyExpr extends ExprBase { kind: 'unify'; lhs: Term; rhs: Term }
export interface AssignExpr extends ExprBase { kind: 'assign'; lhs: Term; rhs: Term }
export interface SomeDecl extends ExprBase { kind: 'some'; vars: Var[] }
export interface SomeIn extends ExprBase { kind: 'somein'; key?: Term; value: Term; domain: Term }
export interface Every extends ExprBase { kind: 'every'; key?: Term; value: Term; domain: Term; body: Body }
export type Expr = TermExpr | UnifyExpr | AssignExpr | SomeDecl | SomeIn | Every;
export type Body = Expr[];

// ---------------------------------------------------------------- rules, modules

export interface Head extends Node {
  /** Rule path within the package: `p`, `a.b[c]`. For else-branches, a copy of the parent's ref. */
  ref: Ref;
  /** Function arguments (patterns). Present iff the rule is a function. */
  args?: Term[];
  /** `contains` key of a multi-value (partial set) rule. */
  key?: Term;
  /** Rule value (`:=`/`=`); for non-set rules without one the parser stores `true`. */
  value?: Term;
  /** true for `:=`, false for `=` or no operator. */
  assign: boolean;
}

export interface Rule extends Node {
  head: Head;
  body: Body;
  default: boolean;
  else?: Rule;
  annotations: Annotation[];
}

export interface Package extends Node { path: string[] }

export interface Import extends Node {
  /** `data.x.y`, `input.z`, `future.keywords.in`, `rego.v1` */
  path: Ref;
  alias?: string;
}

export type AnnotationScope = 'rule' | 'document' | 'package' | 'subpackages';

/** A `# METADATA` block (YAML), attached to the following rule or package. */
export interface Annotation extends Node {
  scope: AnnotationScope;
  title?: string;
  description?: string;
  organizations?: string[];
  related_resources?: { ref: string; description?: string }[];
  authors?: { name?: string; email?: string }[];
  schemas?: { path?: string; schema?: unknown; definition?: unknown }[];
  entrypoint?: boolean;
  custom?: Record<string, unknown>;
  /** Document path it applies to, e.g. `data.pkg.p` (filled in by the checker). */
  path?: string;
}

export interface Module extends Node {
  file: string;
  package: Package;
  imports: Import[];
  rules: Rule[];
  /** All annotations of the module, in source order (each also sits on its rule/package). */
  annotations: Annotation[];
  packageAnnotations: Annotation[];
  /** 1 for Rego v1 (the default), 0 for a module parsed with OPA's v0 compatibility (see parse.ts). */
  regoVersion: 0 | 1;
}

// ---------------------------------------------------------------- helpers

/** Is this rule a multi-value (partial set / `contains`) rule? */
export function isMultiValue(rule: Rule): boolean {
  return rule.head.key !== undefined;
}

export function isFunction(rule: Rule): boolean {
  return rule.head.args !== undefined;
}

/** Ground text of a ref like `data.a.b["c d"]`; dynamic parts print as `[x]`. */
export function refToString(ref: Ref): string {
  let out = '';
  ref.terms.forEach((t, i) => {
    if (i === 0) out += termToString(t);
    else if (t.type === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(t.value)) out += '.' + t.value;
    else out += '[' + termToString(t) + ']';
  });
  return out;
}

/** Rego-ish rendering of a term, for messages and debugging (not a full pretty printer). */
export function termToString(t: Term): string {
  switch (t.type) {
    case 'null': return 'null';
    case 'boolean': return String(t.value);
    case 'number': return t.raw;
    case 'string': return JSON.stringify(t.value);
    case 'var': return t.orig ?? t.name;
    case 'ref': return refToString(t);
    case 'array': return '[' + t.items.map(termToString).join(', ') + ']';
    case 'set': return t.items.length === 0 ? 'set()' : '{' + t.items.map(termToString).join(', ') + '}';
    case 'object': return '{' + t.items.map(([k, v]) => termToString(k) + ': ' + termToString(v)).join(', ') + '}';
    case 'arraycompr': return '[' + termToString(t.term) + ' | ...]';
    case 'setcompr': return '{' + termToString(t.term) + ' | ...}';
    case 'objectcompr': return '{' + termToString(t.key) + ': ' + termToString(t.value) + ' | ...}';
    case 'call': return refToString(t.fn) + '(' + t.args.map(termToString).join(', ') + ')';
  }
}

/** Is the term free of variables (and of refs, calls, comprehensions)? */
export function isGround(t: Term): boolean {
  switch (t.type) {
    case 'null': case 'boolean': case 'number': case 'string': return true;
    case 'array': case 'set': return t.items.every(isGround);
    case 'object': return t.items.every(([k, v]) => isGround(k) && isGround(v));
    default: return false;
  }
}
