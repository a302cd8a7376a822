import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { PACKAGE_ROOT } from '../package-root';
import { PolicyFailure, type Decision } from './finding';
import { decisionOf } from './decision';
import { GATE_ENTRYPOINT } from './gate-rules';

export { GATE_ENTRYPOINT };

export interface EngineOptions {
  /** Wall-clock bound per evaluation. Default 10 s. */
  timeoutMs?: number;
  entrypoint?: string;
}

const WORKER = path.join(PACKAGE_ROOT, 'dist', 'src', 'policy', 'engine-worker.js');

/**
 * Evaluates the compiled gate policy in a worker thread, one input at a time, and fails closed: a trap, an
 * out-of-memory, an evaluation past its time bound or a result of the wrong shape (any finding off the contract,
 * src/policy/decision.ts) is a PolicyFailure.
 */
export class PolicyEngine {
  private worker!: Worker;
  /** Settles when the current worker has loaded the module. */
  private ready!: Promise<void>;
  private nextId = 0;
  private readonly timeoutMs: number;
  private readonly entrypoint: string;

  private constructor(
    private readonly wasm: Uint8Array,
    private readonly data: unknown,
    options: EngineOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.entrypoint = options.entrypoint ?? GATE_ENTRYPOINT;
    this.spawn();
  }

  /** Loads `policy.wasm` from a bundle folder (see `csm policy build`). */
  static load(bundleDir: string, data: unknown, options: EngineOptions = {}): PolicyEngine {
    const file = path.join(bundleDir, 'policy.wasm');
    if (!fs.existsSync(file)) throw new PolicyFailure(`no compiled policy at ${file}: run \`csm policy build\``, 'load');
    return new PolicyEngine(fs.readFileSync(file), data, options);
  }

  static fromWasm(wasm: Uint8Array, data: unknown, options: EngineOptions = {}): PolicyEngine {
    return new PolicyEngine(wasm, data, options);
  }

  private spawn(): void {
    if (!fs.existsSync(WORKER)) throw new PolicyFailure(`the policy worker is not built (${WORKER}): run \`npm run build\``, 'load');
    this.worker = new Worker(WORKER, { workerData: { wasm: this.wasm, data: this.data, entrypoint: this.entrypoint }, resourceLimits: { maxOldGenerationSizeMb: 512 } });
    this.worker.unref();
    const worker = this.worker;
    this.ready = new Promise<void>((resolve) => {
      const onReady = (msg: { ready?: boolean }) => {
        if (!msg.ready) return;
        worker.off('message', onReady);
        resolve();
      };
      worker.on('message', onReady);
      // A worker that dies before it is ready makes the next evaluation fail through its own error handler.
      worker.once('error', () => resolve());
    });
  }

  /** Resolves once the worker has loaded the module and the data (for timing start-up apart from evaluation). */
  whenReady(): Promise<void> {
    return this.ready;
  }

  /** Evaluates one input; resolves to the decision or rejects with a PolicyFailure. */
  async evaluate(input: unknown): Promise<Decision> {
    const id = this.nextId++;
    const text = JSON.stringify(input);
    await this.ready;
    return new Promise<Decision>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        // The only way to stop a running wasm evaluation is to stop its thread; start a fresh one for the next.
        void this.worker.terminate();
        this.spawn();
        reject(new PolicyFailure(`policy evaluation exceeded ${this.timeoutMs} ms`, 'timeout'));
      }, this.timeoutMs);
      const onMessage = (msg: { id?: number; result?: unknown; error?: string; kind?: 'load' | 'trap' }) => {
        if (msg.id !== id) return;
        cleanup();
        if (msg.error !== undefined) reject(new PolicyFailure(`policy evaluation failed: ${msg.error}`, msg.kind ?? 'trap'));
        else {
          try {
            resolve(decisionOf(msg.result));
          } catch (err) {
            reject(err);
          }
        }
      };
      const onError = (err: Error) => {
        cleanup();
        this.spawn();
        reject(new PolicyFailure(`policy worker crashed: ${err.message}`, 'trap'));
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.worker.off('message', onMessage);
        this.worker.off('error', onError);
      };
      this.worker.on('message', onMessage);
      this.worker.on('error', onError);
      this.worker.postMessage({ id, input: text });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
