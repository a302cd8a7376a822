/*
 * Runs in a worker thread for the Evaluator: loads a compiled module once, then evaluates the entrypoints it is
 * sent, one at a time, with what each evaluation traced, printed and (parameterized tests) named as its cases.
 */
import { parentPort, workerData } from 'worker_threads';
import { loadCompiledSync } from '../instantiate';

interface Setup {
  wasm: Uint8Array;
  data: unknown;
}

const { wasm, data } = workerData as Setup;
let notes: string[] = [];
let output: string[] = [];
let cases: unknown[][] = [];
let policy: ReturnType<typeof loadCompiledSync> | undefined;
let loadError: string | undefined;
try {
  policy = loadCompiledSync(wasm, data, { onTrace: (n) => notes.push(n), onPrint: (l) => output.push(l), onTestCase: (c) => cases.push(c) });
} catch (err) {
  loadError = String((err as Error)?.message ?? err);
}
parentPort!.postMessage({ ready: true, error: loadError });

parentPort!.on('message', (msg: { id: number; entrypoint: string; input?: string }) => {
  notes = [];
  output = [];
  cases = [];
  const t0 = process.hrtime.bigint();
  try {
    if (!policy) throw new Error(`cannot load the compiled module: ${loadError}`);
    // the input travels as JSON text, which the SDK copies into wasm memory as is
    const input = msg.input === undefined ? undefined : (new TextEncoder().encode(msg.input).buffer as ArrayBuffer);
    const resultSet = policy.evaluate(input, msg.entrypoint);
    const ns = Number(process.hrtime.bigint() - t0);
    parentPort!.postMessage({ id: msg.id, resultSet, notes, output, cases, ns });
  } catch (err) {
    const ns = Number(process.hrtime.bigint() - t0);
    // the SDK throws the runtime's abort text as a string
    parentPort!.postMessage({ id: msg.id, error: String((err as Error)?.message ?? err), notes, output, cases, ns });
  }
});
