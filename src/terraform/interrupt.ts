import type { ChildProcess } from 'child_process';

/**
 * SIGINT and SIGTERM while csm runs Terraform or writes a plan's or an apply's artefacts: csm does not die
 * leaving Terraform running with the state lock held. It forwards the signal once to each Terraform it runs
 * (they run in their own process group, so a Ctrl-C in the terminal reaches them once, through csm), waits for
 * them to stop, starts no new one, and lets the command finish its bookkeeping: partial plans removed, the
 * apply's evidence completed as interrupted.
 */
const children = new Set<ChildProcess>();
let holders = 0;
let received: NodeJS.Signals | undefined;

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

function onSignal(signal: NodeJS.Signals): void {
  received = signal;
  process.stderr.write(`csm: ${signal} received: stopping Terraform and cleaning up (csm exits once it has)\n`);
  for (const child of children) if (child.exitCode === null) child.kill(signal);
}

/** Thrown by a step that would start after a signal arrived. */
export class InterruptedError extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
    this.name = 'InterruptedError';
  }
}

/** The signal received since the process started, if any. */
export const interruption = (): NodeJS.Signals | undefined => received;

/** Throws InterruptedError when a signal has arrived: call before starting anything new. */
export function throwIfInterrupted(): void {
  if (received) throw new InterruptedError(received);
}

/** Holds signals (recorded and forwarded instead of killing csm) until the returned release is called. */
export function holdSignals(): () => void {
  if (holders++ === 0) for (const s of SIGNALS) process.on(s, onSignal);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders === 0) for (const s of SIGNALS) process.off(s, onSignal);
  };
}

/** Runs `work` with signals held. */
export async function withSignalsHeld<T>(work: () => Promise<T>): Promise<T> {
  const release = holdSignals();
  try {
    return await work();
  } finally {
    release();
  }
}

/** Tracks a running Terraform so a signal reaches it; untracked when it exits. */
export function track(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}
