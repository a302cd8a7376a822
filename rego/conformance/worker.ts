/* Worker thread: evaluates the cases it is sent, one at a time (the parent enforces the time bound). */
import { parentPort } from 'worker_threads';
import type { ConformanceCase } from './cases';
import { evaluateCase } from './evaluate';

interface Job { id: number; c: ConformanceCase; frontOnly: boolean; regoVersion: 0 | 1 }

parentPort!.on('message', (job: Job) => {
  evaluateCase(job.c, job.frontOnly, job.regoVersion).then(
    (outcome) => parentPort!.postMessage({ id: job.id, outcome }),
    (e) => parentPort!.postMessage({ id: job.id, outcome: { status: 'fail', reason: `runner error: ${String(e)}`, front: false, ms: 0 } }),
  );
});
