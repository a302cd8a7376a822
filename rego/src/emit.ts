// IR → wasm: reads the precompiled runtime module with binaryen.js, adds one wasm function per planned
// function, replaces the runtime's hook imports (rego_eval / rego_entrypoints / rego_builtins) by generated
// definitions, and builds constants once at instantiation (a start function), so evaluations never re-create them.
import * as fs from 'fs';
import * as path from 'path';
import type { Block, Func, Program, Stmt } from './ir';
import { loadBinaryen, type Binaryen } from './binaryen-load';
import { BUILTINS, HOOKS, JS_BUILTINS, JS_BUILTIN_NAMES, RUNTIME_FUNCTIONS, WasmType } from './runtime-api';

let runtimeBytes: Uint8Array | undefined;
/** The precompiled runtime (rego/build/runtime.wasm), read once per process. */
export function runtimeWasm(): Uint8Array {
  if (runtimeBytes) return runtimeBytes;
  const candidates = [
    path.resolve(__dirname, '../build/runtime.wasm'), // src → build (running the TypeScript)
    path.resolve(__dirname, '../../build/runtime.wasm'), // dist/src → build (the built package)
  ];
  for (const c of candidates) if (fs.existsSync(c)) return (runtimeBytes = new Uint8Array(fs.readFileSync(c)));
  throw new Error('rego runtime not built: run `npm run build` in the rego package (looked for ' + candidates.join(', ') + ')');
}

const RT_SIG = new Map(RUNTIME_FUNCTIONS.map((f) => [f.name, f]));
const FN = (n: string): string => 'rego:' + n;

export async function emit(program: Program): Promise<Uint8Array> {
  const b = await loadBinaryen();
  const m = b.readBinary(runtimeWasm());
  try {
    return new Emitter(b, m, program).run();
  } finally {
    m.dispose();
  }
}

class Emitter {
  private exportsByName = new Map<string, string>(); // export name → internal function name
  private jsBuiltinIds = new Map<string, number>();
  private i32: number;
  private none: number;

  constructor(private b: Binaryen, private m: Binaryen, private program: Program) {
    this.i32 = b.i32;
    this.none = b.none;
    for (let i = 0; i < m.getNumExports(); i++) {
      const e = b.getExportInfo(m.getExportByIndex(i));
      if (e.kind === b.ExternalFunction) this.exportsByName.set(e.name, e.value);
    }
  }

  run(): Uint8Array {
    const { m, b, program } = this;
    program.consts.forEach((_, i) => m.addGlobal('rego:c' + i, b.i32, true, m.i32.const(0)));
    for (let i = 0; i < program.slots; i++) m.addGlobal('rego:slot' + i, b.i32, true, m.i32.const(0));
    for (const f of program.funcs) this.func(f);
    const eps = program.entrypoints;
    const epObj = '{' + eps.map((e, i) => JSON.stringify(e.name) + ':' + i).join(',') + '}';
    const biObj = '{' + [...this.jsBuiltinIds].map(([n, i]) => JSON.stringify(n) + ':' + i).join(',') + '}';
    const extra = [epObj, biObj];
    const epConst = program.consts.length;
    extra.forEach((_, i) => m.addGlobal('rego:c' + (epConst + i), b.i32, true, m.i32.const(0)));
    this.start([...program.consts.map((c) => c.json), ...extra]);
    // rego_eval(ep, data, input): dispatch on the entrypoint number.
    const evalBody: number[] = [];
    for (let i = 0; i < program.slots; i++) evalBody.push(m.global.set('rego:slot' + i, m.i32.const(0)));
    eps.forEach((e, i) => {
      evalBody.push(
        m.if(
          m.i32.eq(m.local.get(0, b.i32), m.i32.const(i)),
          m.return(m.call(FN(e.func), [m.local.get(2, b.i32), m.local.get(1, b.i32)], b.i32)),
        ),
      );
    });
    evalBody.push(m.return(this.rtCall('rt_result_set', [m.i32.const(0)])));
    this.replaceHook(HOOKS.eval.base, [b.i32, b.i32, b.i32], m.block(null, evalBody, b.none));
    this.replaceHook(HOOKS.entrypoints.base, [], m.return(m.global.get('rego:c' + epConst, b.i32)));
    this.replaceHook(HOOKS.builtins.base, [], m.return(m.global.get('rego:c' + (epConst + 1), b.i32)));
    if (process.env.REGO_VALIDATE && !m.validate()) throw new Error('generated wasm does not validate');
    return m.emitBinary();
  }

  private replaceHook(base: string, params: number[], body: number): void {
    const { m, b } = this;
    for (let i = 0; i < m.getNumFunctions(); i++) {
      const info = b.getFunctionInfo(m.getFunctionByIndex(i));
      if (info.module === 'env' && info.base === base) {
        m.removeFunction(info.name);
        m.addFunction(info.name, b.createType(params), b.i32, [], body);
        return;
      }
    }
    throw new Error('runtime has no hook import env.' + base);
  }

  /** Start function: copy all constant JSON texts into the heap once and parse each into its global. */
  private start(jsons: string[]): void {
    const { m, b } = this;
    const enc = new TextEncoder();
    const parts = jsons.map((j) => enc.encode(j));
    const total = parts.reduce((n, p) => n + p.length, 0);
    const size = (total + 7) & ~7;
    const blob = new Uint8Array(size);
    const offs: number[] = [];
    let o = 0;
    for (const p of parts) {
      offs.push(o);
      blob.set(p, o);
      o += p.length;
    }
    const body: number[] = [m.local.set(0, this.rtCall('opa_malloc', [m.i32.const(size)]))];
    const dv = new DataView(blob.buffer);
    for (let i = 0; i < size; i += 8) {
      const lo = dv.getInt32(i, true);
      const hi = dv.getInt32(i + 4, true);
      if (lo === 0 && hi === 0) continue;
      body.push(m.i64.store(i, 1, m.local.get(0, b.i32), m.i64.const(lo, hi)));
    }
    parts.forEach((p, i) => {
      body.push(
        m.global.set('rego:c' + i, this.rtCall('opa_json_parse', [m.i32.add(m.local.get(0, b.i32), m.i32.const(offs[i])), m.i32.const(p.length)])),
      );
    });
    m.addFunction('rego:start', b.none, b.none, [b.i32], m.block(null, body, b.none));
    m.setStart(m.getFunction('rego:start'));
  }

  private wasmType(t: WasmType | 'none'): number {
    const b = this.b;
    return t === 'i32' ? b.i32 : t === 'i64' ? b.i64 : t === 'f64' ? b.f64 : b.none;
  }

  private rtCall(name: string, args: number[]): number {
    const internal = this.exportsByName.get(name);
    const sig = RT_SIG.get(name);
    if (!internal) throw new Error('runtime does not export ' + name);
    return this.m.call(internal, args, this.wasmType(sig ? sig.result : 'i32'));
  }

  private builtinCall(name: string, args: number[]): number {
    const bi = BUILTINS[name];
    if (bi) {
      const internal = this.exportsByName.get(bi.fn);
      if (internal) return this.m.call(internal, args, this.b.i32);
    }
    if (JS_BUILTINS[name] !== undefined) {
      const imported = JS_BUILTIN_NAMES[name] ?? name;
      let id = this.jsBuiltinIds.get(imported);
      if (id === undefined) this.jsBuiltinIds.set(imported, (id = this.jsBuiltinIds.size));
      return this.rtCall('rt_js_builtin' + args.length, [this.m.i32.const(id), ...args]);
    }
    throw new Error('builtin not available in the runtime: ' + name);
  }

  // ------------------------------------------------------------ functions

  private labels: string[] = [];
  private temps = 0;
  private fn!: Func;
  private labelN = 0;

  private func(f: Func): void {
    const { m, b } = this;
    this.fn = f;
    this.temps = 0;
    this.labels = [];
    this.labelN = 0;
    const body = this.block(f.body);
    const vars = new Array(f.locals - f.params + this.temps).fill(b.i32);
    const params = b.createType(new Array(f.params).fill(b.i32));
    m.addFunction(FN(f.name), params, b.i32, vars, m.block(null, [body, m.return(m.local.get(f.result, b.i32))], b.none));
  }

  private temp(): number {
    return this.fn.locals + this.temps++;
  }

  private block(bl: Block, prefix: number[] = [], suffix: number[] = []): number {
    const label = 'L' + this.labelN++;
    this.labels.push(label);
    const out = [...prefix];
    for (const s of bl.stmts) out.push(this.stmt(s));
    out.push(...suffix);
    this.labels.pop();
    return this.m.block(label, out, this.none);
  }

  private get cur(): string {
    return this.labels[this.labels.length - 1];
  }

  private get(l: number): number {
    return this.m.local.get(l, this.i32);
  }

  private failIf(cond: number): number {
    return this.m.br(this.cur, cond);
  }

  private stmt(s: Stmt): number {
    const { m } = this;
    switch (s.op) {
      case 'block':
        return m.block(null, s.blocks.map((x) => this.block(x)), this.none);
      case 'break':
        return m.br(this.labels[this.labels.length - 1 - s.levels]);
      case 'scan':
        return this.scan(s);
      case 'not':
        // Solutions of the body break out of the enclosing block themselves (IR 'break').
        return this.block(s.body);
      case 'call': {
        const args = s.args.map((a) => this.get(a));
        let call: number;
        if (s.callee.kind === 'rt') call = this.rtCall(s.callee.name, args);
        else if (s.callee.kind === 'builtin') call = this.builtinCall(s.callee.name, args);
        else call = m.call(FN(s.callee.name), args, this.i32);
        if (s.target === undefined) {
          const sig = s.callee.kind === 'rt' ? RT_SIG.get(s.callee.name) : undefined;
          return sig && sig.result === 'none' ? call : m.drop(call);
        }
        const set = m.local.set(s.target, call);
        if (!s.check) return set;
        return m.block(null, [set, this.failIf(m.i32.eqz(this.get(s.target)))], this.none);
      }
      case 'const':
        return m.local.set(s.target, m.global.get('rego:c' + s.index, this.i32));
      case 'assign':
        return m.local.set(s.target, this.get(s.source));
      case 'reset':
        return m.local.set(s.target, m.i32.const(0));
      case 'isDefined':
        return this.failIf(m.i32.eqz(this.get(s.source)));
      case 'isUndefined':
        return this.failIf(this.get(s.source));
      case 'equal':
        return this.failIf(m.i32.eqz(this.rtCall('opa_value_equal', [this.get(s.a), this.get(s.b)])));
      case 'notEqual':
        return this.failIf(this.rtCall('opa_value_equal', [this.get(s.a), this.get(s.b)]));
      case 'typeIs': {
        const t = this.temp();
        const checks = s.types.map((ty) => m.i32.eq(this.get(t), m.i32.const(ty)));
        const ok = checks.reduce((a, c) => m.i32.or(a, c));
        return m.block(null, [
          this.failIf(m.i32.eqz(this.get(s.source))),
          m.local.set(t, this.rtCall('opa_value_type', [this.get(s.source)])),
          this.failIf(m.i32.eqz(ok)),
        ], this.none);
      }
      case 'compare': {
        const c = this.rtCall('opa_value_compare', [this.get(s.a), this.get(s.b)]);
        const zero = m.i32.const(0);
        const ok = s.cmp === 'lt' ? m.i32.lt_s(c, zero) : s.cmp === 'lte' ? m.i32.le_s(c, zero) : s.cmp === 'gt' ? m.i32.gt_s(c, zero) : m.i32.ge_s(c, zero);
        return this.failIf(m.i32.eqz(ok));
      }
      case 'lenIs':
        return this.failIf(m.i32.ne(this.rtCall('opa_value_length', [this.get(s.source)]), m.i32.const(s.n)));
      case 'truthy':
        return this.failIf(m.i32.eqz(this.rtCall('rt_truthy', [this.get(s.source)])));
      case 'dot':
        return m.block(null, [
          this.failIf(m.i32.eqz(this.get(s.source))),
          m.local.set(s.target, this.rtCall(s.storage ? 'rt_data_get' : 'opa_value_get', [this.get(s.source), this.get(s.key)])),
          this.failIf(m.i32.eqz(this.get(s.target))),
        ], this.none);
      case 'error':
        return m.block(null, [
          this.rtCall('rt_error_value', [m.i32.const(s.code), m.global.get('rego:c' + s.message, this.i32)]),
          m.unreachable(),
        ], this.none);
      case 'getSlot':
        return m.local.set(s.target, m.global.get('rego:slot' + s.slot, this.i32));
      case 'setSlot':
        return m.global.set('rego:slot' + s.slot, this.get(s.source));
      case 'slotAdd':
        return m.global.set('rego:slot' + s.slot, m.i32.add(m.global.get('rego:slot' + s.slot, this.i32), m.i32.const(s.delta)));
      case 'slotIsZero':
        return this.failIf(m.global.get('rego:slot' + s.slot, this.i32));
    }
  }

  /** for i in 0..len(source): key, value = i-th entry; run body. Non-collections iterate nothing. */
  private scan(s: Extract<Stmt, { op: 'scan' }>): number {
    const { m } = this;
    const n = this.temp();
    const i = this.temp();
    const exit = 'S' + this.labelN++;
    const loop = 'S' + this.labelN++;
    const src = (): number => this.get(s.source);
    const body = this.block(s.body, [
      m.local.set(s.key, this.rtCall('rt_key_at', [src(), this.get(i)])),
      m.local.set(s.value, this.rtCall('rt_val_at', [src(), this.get(i)])),
    ]);
    return m.block(exit, [
      m.br(exit, m.i32.eqz(src())),
      m.br(exit, m.i32.lt_s(this.rtCall('opa_value_type', [src()]), m.i32.const(5))),
      m.local.set(n, this.rtCall('opa_value_length', [src()])),
      m.local.set(i, m.i32.const(0)),
      m.loop(loop, m.block(null, [
        m.br(exit, m.i32.ge_s(this.get(i), this.get(n))),
        body,
        m.local.set(i, m.i32.add(this.get(i), m.i32.const(1))),
        m.br(loop),
      ], this.none)),
    ], this.none);
  }
}
