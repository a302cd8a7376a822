import { PolicyEngine } from '../policy/engine';
import type { ResourceView } from '../view/resource';
import { decide, type DecideContext } from './decide';
import type { StackResult } from './report';

/**
 * One evaluation `csm check` makes beside the customers' stacks (a service's design review, the provider's
 * management policy), reported as a result of its own: the gate on one view, waivers applied, findings located.
 */
export async function subjectResult(ctx: DecideContext, view: ResourceView, inputHashes?: Record<string, string>, note?: string): Promise<StackResult> {
  const started = Date.now();
  const outcome = await decide(ctx, view);
  if (inputHashes) inputHashes[`${ctx.stack}/${view.gate}`] = outcome.inputSha256;
  return {
    stack: ctx.stack,
    customer: null,
    gate: view.gate,
    operation: ctx.operation,
    status: outcome.status,
    findings: outcome.findings,
    ...(outcome.error ? { error: outcome.error } : {}),
    ...(note ? { note } : {}),
    seconds: (Date.now() - started) / 1000,
  };
}

/** A view with nothing built: what is judged is the catalogue (the ledger-first gate, the provider's policy). */
export const emptyView = (stack: string): ResourceView => ({ gate: 'synth', stack, resources: [], removals: [] });

/** Runs `work` with an engine over `data`, closing it whatever happens. */
export async function withEngine<T>(wasm: Uint8Array, data: unknown, timeoutMs: number | undefined, work: (engine: PolicyEngine) => Promise<T>): Promise<T> {
  const engine = PolicyEngine.fromWasm(wasm, data, { timeoutMs });
  try {
    return await work(engine);
  } finally {
    await engine.close();
  }
}
