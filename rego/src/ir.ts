// The plan IR: what plan.ts produces and emit.ts turns into wasm. Close in spirit to OPA's planner IR:
// functions made of blocks; a statement that "fails" (a comparison that does not hold, a lookup that is
// undefined) leaves the innermost enclosing block, and execution continues after it. Iteration is a scan
// whose body block runs once per element. Every value is a pointer (i32) to a runtime value; 0 = undefined.

/** A local variable slot inside one function (params come first: 0..params-1). */
export type Local = number;

/** Who a call goes to. */
export type Callee =
  | { kind: 'rt'; name: string } // a runtime export (runtime-api.ts)
  | { kind: 'fn'; name: string } // a planned function (IR Func.name)
  | { kind: 'builtin'; name: string }; // a Rego builtin by its OPA name ('count', 'plus', ...)

export type Stmt =
  /** Run each block in turn; a failure inside one only leaves that block. */
  | { op: 'block'; blocks: Block[] }
  /** Leave `levels` + 1 enclosing blocks (0 = fail the current block). */
  | { op: 'break'; levels: number }
  /** For each key/value of a collection (array index, object key, set member as both). */
  | { op: 'scan'; source: Local; key: Local; value: Local; body: Block }
  /** A block for a negated body: its solutions break out of the enclosing block (planned as explicit breaks). */
  | { op: 'not'; body: Block }
  /** target = callee(args); `check` = fail when the result is undefined (0). */
  | { op: 'call'; callee: Callee; args: Local[]; target?: Local; check: boolean }
  /** target = constant (index into Program.consts). */
  | { op: 'const'; index: number; target: Local }
  | { op: 'assign'; source: Local; target: Local }
  /** target = 0 (undefined). */
  | { op: 'reset'; target: Local }
  | { op: 'isDefined'; source: Local }
  | { op: 'isUndefined'; source: Local }
  /** Fail unless a == b (OPA equality of values). */
  | { op: 'equal'; a: Local; b: Local }
  | { op: 'notEqual'; a: Local; b: Local }
  /** Fail unless compare(a, b) (OPA's total order) satisfies `cmp`. */
  | { op: 'compare'; a: Local; b: Local; cmp: 'lt' | 'lte' | 'gt' | 'gte' }
  /** Fail unless the value's type tag (runtime-api VALUE_TYPE) is one of `types`. */
  | { op: 'typeIs'; source: Local; types: number[] }
  /** Fail unless the collection's length is n. */
  | { op: 'lenIs'; source: Local; n: number }
  /** Fail unless the value is defined and not `false` (a Rego expression's truth). */
  | { op: 'truthy'; source: Local }
  /**
   * target = source[key]; fails when undefined or not a collection. `storage`: a path into the base document,
   * where keys are read as OPA's storage reads them (runtime rt_data_get).
   */
  | { op: 'dot'; source: Local; key: Local; target: Local; storage?: boolean }
  /** Raise an evaluation error (aborts): code = runtime-api ERROR_CODE, message = a string constant index. */
  | { op: 'error'; code: number; message: number }
  /** Dynamic overrides (`with` on rules): global slots, 0 = not overridden. */
  | { op: 'getSlot'; slot: number; target: Local }
  | { op: 'setSlot'; slot: number; source: Local }
  /** slot += delta (slot used as a plain counter: the `with` nesting depth). */
  | { op: 'slotAdd'; slot: number; delta: number }
  /** Fail unless the counter slot is 0. */
  | { op: 'slotIsZero'; slot: number };

export interface Block {
  stmts: Stmt[];
}

export interface Func {
  name: string;
  params: number; // all i32 value pointers
  locals: number; // total locals including params
  body: Block;
  /** Local returned at the end of the body (0 value = undefined). */
  result: Local;
}

/** A constant value: JSON text (no sets inside: those are built with calls). */
export interface Const {
  json: string;
}

export interface Program {
  funcs: Func[];
  consts: Const[];
  /** Entrypoint name → function name; the function takes (input, data) and returns the result set. */
  entrypoints: { name: string; func: string }[];
  /** Number of override slots (globals) used by getSlot/setSlot. */
  slots: number;
}

/** Helper building functions: allocates locals, keeps a stack of open blocks. */
export class FuncBuilder {
  locals: number;
  private stack: Block[];
  readonly body: Block = { stmts: [] };
  constructor(readonly name: string, readonly params: number) {
    this.locals = params;
    this.stack = [this.body];
  }
  local(): Local {
    return this.locals++;
  }
  get parent(): Block {
    return this.stack[this.stack.length - 2];
  }
  get current(): Block {
    return this.stack[this.stack.length - 1];
  }
  emit(s: Stmt): void {
    this.current.stmts.push(s);
  }
  /** Run `f` with statements going into `b`. */
  within(b: Block, f: () => void): void {
    this.stack.push(b);
    try {
      f();
    } finally {
      this.stack.pop();
    }
  }
  /** Break levels needed to leave open block `b` from the current one. */
  depthOf(b: Block): number {
    const i = this.stack.lastIndexOf(b);
    if (i < 0) throw new Error('block not open');
    return this.stack.length - 1 - i;
  }
  finish(result: Local): Func {
    return { name: this.name, params: this.params, locals: this.locals, body: this.body, result };
  }
}
