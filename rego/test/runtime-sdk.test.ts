/**
 * The runtime loads in the unmodified SDK once the emitter has replaced the hook imports (done here by hand with
 * binaryen, the way emit.ts does it): rego_eval returns {{"result": input}}, one entrypoint "echo".
 */
import { readFileSync } from 'fs';
import { loadBinaryen, type Binaryen } from '../src/binaryen-load';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { RUNTIME_WASM } from './runtime-harness';
import { HOOKS, RUNTIME_FUNCTIONS, BUILTINS, parseRuntimeError } from '../src/runtime-api';

/* eslint-disable @typescript-eslint/no-explicit-any */
let binaryen: Binaryen;
type Mod = any;
function internalName(mod: Mod, exportName: string): string {
  return binaryen.getExportInfo(mod.getExport(exportName)).value;
}
function findImport(mod: Mod, module: string, base: string): any {
  for (let i = 0; i < mod.getNumFunctions(); i++) {
    const info = binaryen.getFunctionInfo(mod.getFunctionByIndex(i));
    if (info.module === module && info.base === base) return info;
  }
  throw new Error(`no import ${module}.${base}`);
}

/** a string constant built at run time: malloc + byte stores (what an emitter without data segments does) */
function strConst(mod: Mod, text: string, tmp: number): number[] {
  const bytes = Buffer.from(text, 'utf8');
  const body: number[] = [
    mod.local.set(tmp, mod.call(internalName(mod, 'opa_malloc'), [mod.i32.const(bytes.length)], binaryen.i32)),
  ];
  bytes.forEach((b, i) => body.push(mod.i32.store8(i, 0, mod.local.get(tmp, binaryen.i32), mod.i32.const(b))));
  return body;
}

function buildModule(): Uint8Array {
  const mod = binaryen.readBinary(readFileSync(RUNTIME_WASM));
  mod.setFeatures(binaryen.Features.All);
  const call = (name: string, args: number[]) => mod.call(internalName(mod, name), args, binaryen.i32);
  // rego_eval(ep, data, input) -> rt_result_set(input), or an error when input is "boom"
  const ev = findImport(mod, HOOKS.eval.module, HOOKS.eval.base);
  mod.removeFunction(ev.name);
  mod.addFunction(ev.name, binaryen.createType([binaryen.i32, binaryen.i32, binaryen.i32]), binaryen.i32, [binaryen.i32],
    mod.block(null, [
      ...strConst(mod, 'boom', 3),
      mod.if(
        mod.i32.and(mod.i32.ne(mod.local.get(2, binaryen.i32), mod.i32.const(0)),
          call('opa_value_equal', [mod.local.get(2, binaryen.i32), call('opa_string', [mod.local.get(3, binaryen.i32), mod.i32.const(4)])])),
        mod.call(internalName(mod, 'rt_error'), [mod.i32.const(0), mod.local.get(3, binaryen.i32), mod.i32.const(4)], binaryen.none)),
      mod.return(call('rt_result_set', [mod.local.get(2, binaryen.i32)])),
    ], binaryen.i32));
  // rego_entrypoints() -> {"echo": 0}
  const ep = findImport(mod, HOOKS.entrypoints.module, HOOKS.entrypoints.base);
  mod.removeFunction(ep.name);
  mod.addFunction(ep.name, binaryen.none, binaryen.i32, [binaryen.i32, binaryen.i32], mod.block(null, [
    mod.local.set(1, call('opa_object', [])),
    ...strConst(mod, 'echo', 0),
    mod.call(internalName(mod, 'opa_object_insert'), [mod.local.get(1, binaryen.i32),
      call('opa_string', [mod.local.get(0, binaryen.i32), mod.i32.const(4)]),
      mod.call(internalName(mod, 'opa_number_int'), [mod.i64.const(0, 0)], binaryen.i32)], binaryen.none),
    mod.return(mod.local.get(1, binaryen.i32)),
  ], binaryen.i32));
  const bi = findImport(mod, HOOKS.builtins.module, HOOKS.builtins.base);
  mod.removeFunction(bi.name);
  mod.addFunction(bi.name, binaryen.none, binaryen.i32, [], call('opa_object', []));
  if (!mod.validate()) throw new Error('invalid module');
  const out = mod.emitBinary();
  mod.dispose();
  return out;
}

describe('runtime in the SDK', () => {
  test('every function listed in runtime-api.ts is exported', () => {
    const names = new Set(WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(RUNTIME_WASM))).map((e) => e.name));
    const missing = [...RUNTIME_FUNCTIONS.map((f) => f.name), ...Object.values(BUILTINS).map((b) => b.fn)].filter((n) => !names.has(n));
    expect(missing).toEqual([]);
  });

  test('loadPolicy accepts it; evaluate goes through opa_eval; errors surface', async () => {
    binaryen = await loadBinaryen();
    const policy = await loadPolicy(buildModule());
    expect(policy.entrypoints).toEqual({ echo: 0 });
    expect(policy.evaluate({ a: [1, 2, { b: null }] })).toEqual([{ result: { a: [1, 2, { b: null }] } }]);
    expect(policy.evaluate({ a: 'é' }, 'echo')).toEqual([{ result: { a: 'é' } }]);
    policy.setData({ big: 'x'.repeat(1 << 20) });
    for (let i = 0; i < 50; i++) expect(policy.evaluate([i])).toEqual([{ result: [i] }]);
    let err: unknown;
    try {
      policy.evaluate('boom');
    } catch (e) {
      err = e;
    }
    expect(parseRuntimeError(err)).toEqual({ code: 'eval_conflict_error', message: 'boom' });
  });
});
