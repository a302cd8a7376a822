// Instantiating a compiled module with the unmodified @open-policy-agent/opa-wasm SDK.
import * as opa from '@open-policy-agent/opa-wasm';
import { CUSTOM_BUILTINS } from './runtime-api';

export type LoadedPolicy = Awaited<ReturnType<typeof opa.loadPolicy>>;

/** What the host hears from an evaluation: `trace(note)` notes and `print(...)` lines (nothing by default). */
export interface LoadOptions {
  onTrace?: (note: string) => void;
  onPrint?: (line: string) => void;
  /** A parameterized test (see tests.ts) started a case: its name terms. */
  onTestCase?: (names: unknown[]) => void;
}

function hostBuiltins(options: LoadOptions): typeof CUSTOM_BUILTINS {
  return {
    ...CUSTOM_BUILTINS,
    'rego.compat.trace': (note) => {
      options.onTrace?.(String(note));
      return true;
    },
    'rego.compat.print': (lines) => {
      for (const line of Array.isArray(lines) ? lines : []) options.onPrint?.(String(line));
      return true;
    },
    'rego.compat.test_case': (names) => {
      options.onTestCase?.(Array.isArray(names) ? names : [names]);
      return true;
    },
  };
}

/** Instantiate a compiled policy with the SDK and set its base data document. */
export async function loadCompiled(wasm: Uint8Array, data?: unknown, options: LoadOptions = {}): Promise<LoadedPolicy> {
  const policy = await opa.loadPolicy(wasm, undefined, hostBuiltins(options));
  policy.setData((data ?? {}) as object);
  return policy;
}

/** Synchronous variant (WebAssembly.Module compiled synchronously; fine in Node, not on a browser main thread). */
export function loadCompiledSync(wasm: Uint8Array, data?: unknown, options: LoadOptions = {}): LoadedPolicy {
  const policy = opa.loadPolicySync(wasm, undefined, hostBuiltins(options));
  policy.setData((data ?? {}) as object);
  return policy;
}
