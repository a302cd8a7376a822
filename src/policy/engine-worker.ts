/**
 * Runs in a worker thread: loads the compiled policy through @open-policy-agent/opa-wasm and evaluates the
 * inputs the engine posts. A separate thread is what lets the engine stop an evaluation that runs too long.
 */
import { parentPort, workerData } from 'worker_threads';
import { loadCompiledSync } from '@csm/rego';

interface Setup {
  wasm: Uint8Array;
  data: unknown;
  entrypoint: string;
}

const { wasm, data, entrypoint } = workerData as Setup;
let policy: ReturnType<typeof loadCompiledSync> | undefined;
let loadError: string | undefined;
try {
  policy = loadCompiledSync(wasm, data);
} catch (err) {
  loadError = String((err as Error)?.message ?? err);
}

// Tell the engine the module is loaded (or not): its time bound covers evaluation, not start-up.
parentPort!.postMessage({ ready: true, error: loadError });

parentPort!.on('message', (msg: { id: number; input: string }) => {
  if (!policy) {
    parentPort!.postMessage({ id: msg.id, error: `cannot load the policy module: ${loadError}`, kind: 'load' });
    return;
  }
  try {
    // The input arrives as JSON text; the SDK copies it into wasm memory as is (an ArrayBuffer input).
    const bytes = new TextEncoder().encode(msg.input);
    const result = policy.evaluate(bytes.buffer as ArrayBuffer, entrypoint);
    parentPort!.postMessage({ id: msg.id, result });
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, error: String((err as Error)?.message ?? err), kind: 'trap' });
  }
});
