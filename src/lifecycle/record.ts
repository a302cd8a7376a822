import * as fs from 'fs';
import type { Operation } from '../policy/input';
import type { TerminateStep } from '../../stacks/terminate';
import { sha256 } from '../policy/sources';
import { withNewline, writeFileAtomic } from '../files/write-atomic';

export const PLAN_RECORD_SCHEMA = 'csm-plan-record/2';

/**
 * What `csm plan <operation>` promises about a plan, and what `csm apply` checks before applying it: the
 * plan's bytes, the stack it was made from, the policy bundle, the decisions both gates took and the sha256 of
 * every review document beside the plan. Files are named by their name alone: they sit beside the record.
 */
export interface PlanRecord {
  schema: typeof PLAN_RECORD_SCHEMA;
  createdAt: string;
  operation: Operation;
  /** The customer (or, for retire, the service) named on the command line. */
  target: string;
  stack: string;
  customer: string;
  service: string | null;
  /** The step of a terminate (`unprotect`, `destroy`); null for the other operations. */
  step: TerminateStep | null;
  destroy: boolean;
  /** Where the plan was made: the catalogue, policy folder and synth output, relative to the record's folder. */
  catalogue: string;
  policies: string;
  outdir: string;
  base: { ref: string; commit: string } | null;
  /** The evaluation time both gates used. */
  now: string;
  plan: { file: string; sha256: string; json: string; jsonSha256: string };
  stackSha256: string;
  policyBundle: string;
  decisions: { file: string; sha256: string };
  /** sha256 of each review document by file name: the decisions, summaries, exit plan. */
  artefacts: Record<string, string>;
  gate: { synth: string; plan: string; passed: boolean };
}

export const sha256File = (file: string) => sha256(fs.readFileSync(file));

/** Sidecar files of a plan share its stamp: `plans/<stamp>.tfplan`, `<stamp>.record.json`, ... */
export function sidecar(planFile: string, suffix: string): string {
  return planFile.replace(/\.tfplan$/, suffix);
}

/** Writes a file that must not exist yet, atomically: a plan's sidecars and evidence are never overwritten. */
export function writeNew(file: string, text: string): string {
  return writeFileAtomic(file, withNewline(text));
}

export const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';
