/** Test harness: instantiates build/runtime.wasm directly with its own memory and JS stand-ins for the hooks. */
import { readFileSync } from 'fs';
import { join } from 'path';

export const RUNTIME_WASM = join(__dirname, '..', 'build', 'runtime.wasm');

export interface Runtime {
  x: any;
  mem: WebAssembly.Memory;
  /** write text into wasm memory, return [addr, len] */
  put(text: string): [number, number];
  cstr(addr: number): string;
  term(text: string): number;
  json(text: string): number;
  dumpTerm(v: number): string;
  dumpJSON(v: number): string;
  /** call builtin export bi_<name> with Rego-term operands; returns term text, 'undefined', or throws */
  bi(name: string, ...args: string[]): string;
  hooks: { eval: (ep: number, data: number, input: number) => number; entrypoints: () => number; builtins: () => number };
}

export function loadRuntime(): Runtime {
  const mod = new WebAssembly.Module(readFileSync(RUNTIME_WASM));
  const mem = new WebAssembly.Memory({ initial: 5 });
  const cstr = (addr: number): string => {
    const b = new Uint8Array(mem.buffer);
    let e = addr;
    while (b[e] !== 0) e++;
    return new TextDecoder().decode(b.subarray(addr, e));
  };
  const rt: Partial<Runtime> = {};
  const hooks = {
    eval: (_ep: number, _d: number, _i: number) => 0,
    entrypoints: () => rt.json!('{}'),
    builtins: () => rt.json!('{}'),
  };
  const noBuiltin = () => {
    throw new Error('no js builtins in harness');
  };
  const inst = new WebAssembly.Instance(mod, {
    env: {
      memory: mem,
      opa_abort: (addr: number) => {
        throw cstr(addr);
      },
      opa_println: (addr: number) => console.log(cstr(addr)),
      opa_builtin0: noBuiltin,
      opa_builtin1: noBuiltin,
      opa_builtin2: noBuiltin,
      opa_builtin3: noBuiltin,
      opa_builtin4: noBuiltin,
      rego_eval: (ep: number, d: number, i: number) => hooks.eval(ep, d, i),
      rego_entrypoints: () => hooks.entrypoints(),
      rego_builtins: () => hooks.builtins(),
    },
  });
  const x: any = inst.exports;
  const put = (text: string): [number, number] => {
    const bytes = new TextEncoder().encode(text);
    const addr = x.opa_malloc(bytes.length + 1);
    new Uint8Array(mem.buffer).set(bytes, addr);
    return [addr, bytes.length];
  };
  Object.assign(rt, {
    x,
    mem,
    hooks,
    put,
    cstr,
    term: (t: string) => {
      const [a, n] = put(t);
      return x.opa_value_parse(a, n);
    },
    json: (t: string) => {
      const [a, n] = put(t);
      return x.opa_json_parse(a, n);
    },
    dumpTerm: (v: number) => cstr(x.opa_value_dump(v)),
    dumpJSON: (v: number) => cstr(x.opa_json_dump(v)),
    bi: (name: string, ...args: string[]) => {
      const f = x['bi_' + name.replace(/\./g, '_')];
      if (!f) throw new Error('no builtin export ' + name);
      const vs = args.map((a) => {
        const v = rt.term!(a);
        if (!v) throw new Error('bad term ' + a);
        return v;
      });
      const r = f(...vs);
      return r === 0 ? 'undefined' : rt.dumpTerm!(r);
    },
  });
  return rt as Runtime;
}
