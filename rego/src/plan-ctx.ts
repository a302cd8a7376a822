// Shared planning state: the constant pool, the function list, and the per-function context (locals of
// bound variables, the current input/data locals). Split out so the body, data-tree and rule planners can
// all reach it without importing each other in a cycle.
import type { Location, Rule, Term } from './ast';
import { ERROR_CODE } from './runtime-api';
import { Block, Callee, Const, Func, FuncBuilder, Local, Stmt } from './ir';

/** Runtime functions the IR calls (runtime-api.ts RUNTIME_FUNCTIONS). */
export const RT = {
  get: 'opa_value_get',
  arrayNew: 'opa_array',
  arrayAppend: 'opa_array_append',
  objectNew: 'opa_object',
  objectInsert: 'opa_object_insert',
  setNew: 'opa_set',
  setAdd: 'opa_set_add',
  length: 'opa_value_length',
  merge: 'opa_value_merge',
  copy: 'rt_copy',
} as const;

export class Pool {
  consts: Const[] = [];
  private index = new Map<string, number>();
  funcs: Func[] = [];
  private names = new Set<string>();
  add(json: string): number {
    let i = this.index.get(json);
    if (i === undefined) {
      i = this.consts.length;
      this.consts.push({ json });
      this.index.set(json, i);
    }
    return i;
  }
  fresh(base: string): string {
    let n = base.replace(/[^A-Za-z0-9_.]/g, '_');
    for (let i = 1; this.names.has(n); i++) n = base + '#' + i;
    this.names.add(n);
    return n;
  }
}

/** Where `with` overrides point: input/data locals, replaced rule functions. */
export interface Scope {
  input: Local;
  data: Local;
  /** `with f as g` / `with f as value` inside the current expression: function name → replacement. */
  mocks: Map<string, Mock>;
}

/** A function replaced by another function, or by a value held in an override slot. */
export type Mock = { kind: 'fn'; name: string } | { kind: 'slot'; slot: number };

/** Slot 0 counts active `with` modifiers; rule values are memoized only when it is 0. */
export const WITH_DEPTH_SLOT = 0;

/** What body planning needs from the program-level planner (plan.ts), kept abstract to avoid a cycle. */
export interface ProgramPlanner {
  /** Plan a ref headed by `data`, calling k with the value local for each solution. */
  dataRef(ctx: Ctx, terms: Term[], k: (l: Local) => void): void;
  /** Planned function name and arity of user function `data.pkg.f`, if it exists. */
  userFunction(path: string, mocks: Map<string, Mock>): { func: string; arity: number } | undefined;
  /** Arity of user function `data.pkg.f` (without planning it), if it exists. */
  userArity(path: string): number | undefined;
  /** A fresh override slot (a global reset at each evaluation). */
  newSlot(): number;
  /** `rego.metadata.rule()` / `chain()` value JSON for the rule being planned. */
  metadata(ctx: Ctx, which: 'rule' | 'chain'): string;
  /** Override slot for a `with data.<path>` target that hits virtual documents (undefined when base data). */
  withSlot(path: string[]): number | undefined;
}

export class Ctx {
  readonly fb: FuncBuilder;
  /** Bound variables → locals. */
  vars = new Map<string, Local>();
  scope: Scope;
  /** Path of the rule being planned (for rego.metadata). */
  rulePath: string[] = [];
  /** The rule whose body is being planned (for its own `rego.metadata.rule()`). */
  rule?: Rule;
  constructor(readonly pool: Pool, readonly planner: ProgramPlanner, name: string, params: number) {
    this.fb = new FuncBuilder(name, params);
    this.scope = { input: 0, data: 1, mocks: new Map() };
  }
  local(): Local {
    return this.fb.local();
  }
  emit(s: Stmt): void {
    this.fb.emit(s);
  }
  konst(json: string): Local {
    const l = this.local();
    this.emit({ op: 'const', index: this.pool.add(json), target: l });
    return l;
  }
  str(s: string): Local {
    return this.konst(JSON.stringify(s));
  }
  rt(name: string, args: Local[], check = false): Local {
    const target = this.local();
    this.emit({ op: 'call', callee: { kind: 'rt', name }, args, target, check });
    return target;
  }
  call(callee: Callee, args: Local[], check: boolean): Local {
    const target = this.local();
    this.emit({ op: 'call', callee, args, target, check });
    return target;
  }
  /** Statements emitted by f go into a new block nested in the current one (failures stay inside). */
  block(f: () => void): Block {
    const b: Block = { stmts: [] };
    this.emit({ op: 'block', blocks: [b] });
    this.fb.within(b, f);
    return b;
  }
  within(b: Block, f: () => void): void {
    this.fb.within(b, f);
  }
  /** A continuation that fails the block enclosing the current one (for `not` bodies). */
  failParent(): () => void {
    const parent = this.fb.parent;
    return () => this.emit({ op: 'break', levels: this.fb.depthOf(parent) });
  }
  error(code: keyof typeof ERROR_CODE, message: string, loc?: Location): void {
    const msg = loc ? `${loc.file}:${loc.row}: ${message}` : message;
    this.emit({ op: 'error', code: ERROR_CODE[code], message: this.pool.add(JSON.stringify(msg)) });
  }
  /** Call a runtime function that returns nothing. */
  rtVoid(name: string, args: Local[]): void {
    this.emit({ op: 'call', callee: { kind: 'rt', name }, args, check: false });
  }
  /** Run f with extra var bindings, removing them afterwards (bindings are scoped to the continuation). */
  bind(name: string, l: Local, f: () => void): void {
    const prev = this.vars.get(name);
    this.vars.set(name, l);
    f();
    if (prev === undefined) this.vars.delete(name);
    else this.vars.set(name, prev);
  }
  isBound(t: Term): boolean {
    return varsOf(t).every((v) => this.vars.has(v) || v === 'data' || v === 'input');
  }
}

/** Variables occurring in a term (not inside comprehension bodies, which bind their own). */
export function varsOf(t: Term, out: string[] = []): string[] {
  switch (t.type) {
    case 'var':
      out.push(t.name);
      break;
    case 'ref':
      t.terms.forEach((x, i) => (i === 0 && x.type === 'var' ? out.push(x.name) : varsOf(x, out)));
      break;
    case 'array':
    case 'set':
      t.items.forEach((x) => varsOf(x, out));
      break;
    case 'object':
      t.items.forEach(([k, v]) => (varsOf(k, out), varsOf(v, out)));
      break;
    case 'call':
      t.args.forEach((x) => varsOf(x, out));
      break;
    default:
      break;
  }
  return out;
}

export class PlanError extends Error {
  constructor(message: string, readonly location?: Location) {
    super(message);
  }
}
