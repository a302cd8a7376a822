/*
 * Evaluating entrypoints of a compiled module in a worker thread, each within a time bound: a wasm evaluation
 * stops only with its thread, so one past its bound ends the worker and the next evaluation gets a fresh one.
 * Used by runTests (one entrypoint per test) and evalQuery.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';

/** The worker script: beside this file when compiled, else in the package's build output. */
function workerFile(): string {
  const candidates = [path.join(__dirname, 'eval-worker.js'), path.join(__dirname, '..', '..', 'dist', 'src', 'tools', 'eval-worker.js')];
  const found = candidates.find((f) => fs.existsSync(f));
  if (!found) throw new Error(`the evaluation worker is not built (looked for ${candidates.join(', ')}): build the rego package first`);
  return found;
}

export interface Outcome {
  /** What the SDK answered: `[{"result": value}]` (empty when undefined) for a rule, binding objects for a query. */
  resultSet?: unknown;
  error?: string;
  notes: string[];
  output: string[];
  /** Cases a parameterized test started (internal.test_case), each a path of names. */
  cases?: unknown[][];
  /** The evaluation ran past its bound (and `error` says so). */
  timedOut?: boolean;
  ns: number;
}

/** One worker at a time; an evaluation past its bound stops the worker, and the next one gets a fresh worker. */
export class Evaluator {
  private worker?: Worker;
  private ready?: Promise<string | undefined>;
  private nextId = 0;
  constructor(private readonly wasm: Uint8Array, private readonly data: unknown, private readonly timeoutMs: number) {}

  private start(): void {
    const w = new Worker(workerFile(), { workerData: { wasm: this.wasm, data: this.data }, resourceLimits: { maxOldGenerationSizeMb: 512 } });
    this.worker = w;
    this.ready = new Promise((resolve) => {
      const onReady = (msg: { ready?: boolean; error?: string }) => {
        if (!msg.ready) return;
        w.off('message', onReady);
        resolve(msg.error);
      };
      w.on('message', onReady);
      w.once('error', (e) => resolve(String(e.message)));
    });
  }

  /** Evaluates one entrypoint with `input` (undefined: no input document). */
  async run(entrypoint: string, input: unknown): Promise<Outcome> {
    if (!this.worker) this.start();
    const loadError = await this.ready;
    if (loadError) return { error: `cannot load the compiled module: ${loadError}`, notes: [], output: [], ns: 0 };
    const w = this.worker!;
    const id = this.nextId++;
    return new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => {
        done();
        // a wasm evaluation stops only with its thread
        void w.terminate();
        this.worker = undefined;
        resolve({ error: `evaluation timed out after ${this.timeoutMs} ms`, timedOut: true, notes: [], output: [], ns: this.timeoutMs * 1e6 });
      }, this.timeoutMs);
      const onMessage = (msg: Outcome & { id?: number }) => {
        if (msg.id !== id) return;
        done();
        resolve(msg);
      };
      const onError = (e: Error) => {
        done();
        this.worker = undefined;
        resolve({ error: `the evaluation crashed its worker: ${e.message}`, notes: [], output: [], ns: 0 });
      };
      const done = () => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
      };
      w.on('message', onMessage);
      w.on('error', onError);
      w.postMessage({ id, entrypoint, input: input === undefined ? undefined : JSON.stringify(input) });
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
  }
}

