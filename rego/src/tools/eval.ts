/*
 * `opa eval` on the compiler: a query over modules, data and input, answered in OPA's result shape
 * (`{"result": [{"expressions": [{"value", "text", "location"}], "bindings": {...}}]}`, `{}` when undefined).
 * As OPA's query compiler does, each expression that is not an assignment, a unification or negated has its
 * value captured (`data.x.p` reports p's value even when it is false; `1 == 2` reports false); when the query
 * has more than one expression or iterates, a captured value must also be true for the query to succeed.
 */
import type { Body, Term, Var } from '../ast';
import { callName } from '../check';
import { builtinArity } from '../check-builtins';
import { compileParsed } from '../compile';
import { parseModule, parseQuery, type RegoVersion } from '../parse';
import { Evaluator } from './evaluator';
import type { LoadedModule } from './load';

export interface EvalOptions {
  modules: LoadedModule[];
  data?: unknown;
  /** The input document (undefined: none, as `opa eval` without `-i`). */
  input?: unknown;
  query: string;
  regoVersion?: RegoVersion;
  /** Builtins a product adds to OPA, implemented by functions of the modules (see CompileOptions). */
  builtinFunctions?: Record<string, string>;
  /** Time bound of the evaluation (default 10 s). */
  timeoutMs?: number;
}

export interface EvalExpression {
  value: unknown;
  text: string;
  location: { row: number; col: number };
}

export interface EvalOutput {
  result?: { expressions: EvalExpression[]; bindings?: Record<string, unknown> }[];
}

export interface EvalAnswer {
  output: EvalOutput;
  /** `trace(note)` notes and `print(...)` lines of the evaluation. */
  notes: string[];
  printed: string[];
}

/** The evaluation aborted (a conflict, a strict builtin error) or ran past its bound. */
export class EvalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvalError';
  }
}

const CAPTURE = '__capture';

/** Does the query iterate (a ref with a variable key; comprehensions keep theirs to themselves)? */
function iterates(body: Body): boolean {
  let found = false;
  const term = (t: Term): void => {
    if (found) return;
    switch (t.type) {
      case 'ref':
        if (t.terms.slice(1).some((x) => x.type === 'var')) found = true;
        t.terms.forEach(term);
        return;
      case 'call': t.args.forEach(term); return;
      case 'array': case 'set': t.items.forEach(term); return;
      case 'object': t.items.forEach(([k, v]) => (term(k), term(v))); return;
      default: return;
    }
  };
  for (const e of body) {
    if (e.kind === 'term') term(e.term);
    else if (e.kind === 'unify' || e.kind === 'assign') (term(e.lhs), term(e.rhs));
    else if (e.kind === 'somein' || e.kind === 'every') term(e.domain);
  }
  return found;
}

/** Arity of what a query calls: a function of the modules (`data.pkg.f`) or a builtin. */
function arityOf(name: string, functions: Map<string, number>): number | undefined {
  return name.startsWith('data.') ? functions.get(name) : builtinArity(name);
}

/** The query with captured expression values; `captures[i]` is the var holding expression i's value. */
function captureValues(body: Body, functions: Map<string, number>): { body: Body; captures: (string | undefined)[] } {
  const check = body.length > 1 || iterates(body);
  const out: Body = [];
  const tail: Body = [];
  const captures = body.map((e, i): string | undefined => {
    if (e.negated || e.kind !== 'term') return void out.push(e);
    const t = e.term;
    if (t.type === 'call' && arityOf(callName(t), functions) !== t.args.length) return void out.push(e);
    const v: Var = { type: 'var', name: `${CAPTURE}${i}__`, location: t.location };
    out.push({ kind: 'unify', lhs: v, rhs: t, negated: false, with: e.with, location: e.location });
    if (check) tail.push({ kind: 'term', term: v, negated: false, with: [], location: e.location });
    return v.name;
  });
  return { body: [...out, ...tail], captures };
}

/** Each expression's source text: from its start to the next one's, without separators. */
function expressionTexts(query: string, body: Body): string[] {
  const lines = query.split('\n');
  const offset = (row: number, col: number): number => lines.slice(0, row - 1).reduce((n, l) => n + l.length + 1, 0) + col - 1;
  const starts = body.map((e) => offset(e.location.row, e.location.col));
  return starts.map((s, i) => query.slice(s, i + 1 < starts.length ? starts[i + 1] : query.length).replace(/[\s;]+$/, ''));
}

export async function evalQuery(opts: EvalOptions): Promise<EvalAnswer> {
  const regoVersion = opts.regoVersion ?? 1;
  const modules = opts.modules.map((m) => parseModule(m.source, m.path, { regoVersion: m.regoVersion ?? regoVersion }));
  const functions = new Map<string, number>();
  for (const m of modules) {
    for (const r of m.rules) {
      if (!r.head.args || r.head.ref.terms.some((t, i) => i > 0 && t.type !== 'string')) continue;
      const path = ['data', ...m.package.path, ...r.head.ref.terms.map((t) => (t.type === 'var' ? t.name : (t as { value: string }).value))];
      functions.set(path.join('.'), r.head.args.length);
    }
  }
  const parsed = parseQuery(opts.query, 'query', { regoVersion });
  const texts = expressionTexts(opts.query, parsed);
  const { body, captures } = captureValues(parsed, functions);
  const { wasm } = await compileParsed(modules, { query: body }, { regoVersion, builtinFunctions: opts.builtinFunctions });
  const evaluator = new Evaluator(wasm, opts.data ?? {}, opts.timeoutMs ?? 10_000);
  let o;
  try {
    o = await evaluator.run('query', opts.input);
  } finally {
    await evaluator.close();
  }
  if (o.error !== undefined) throw new EvalError(o.error);
  // a query entrypoint answers with its list of binding objects
  const rows = (Array.isArray(o.resultSet) ? o.resultSet : []) as Record<string, unknown>[];
  const result = rows.map((row) => {
    const bindings = Object.fromEntries(Object.entries(row).filter(([k]) => !k.startsWith(CAPTURE)));
    const expressions = parsed.map((e, i): EvalExpression => ({
      value: captures[i] !== undefined ? row[captures[i]!] : true,
      text: texts[i],
      location: { row: e.location.row, col: e.location.col },
    }));
    return Object.keys(bindings).length ? { expressions, bindings } : { expressions };
  });
  return { output: result.length ? { result } : {}, notes: o.notes, printed: o.output };
}

