import * as path from 'path';
import type { GateDecision } from '../lifecycle/gates';
import type { Operation } from '../policy/input';
import { sortClauses } from '../../constructs/clause-context';
import { sha256 } from '../policy/sources';
import { fileStamp } from '../terraform/plan';
import { writeNewUnique } from '../files/write-atomic';
import type { Shard } from './shard';
import type { StackDrift } from './drift';

export const RUN_RECORD_SCHEMA = 'csm-plan-run/1';

/** One stack of a run: what was planned, what both gates decided, and where its files are. */
export interface RunStack {
  stack: string;
  /** The tenancy the stack plans against (`onboard-<customer>`): the key it is sharded by. */
  tenancy: string | null;
  operation: Operation;
  target: string;
  customer: string | null;
  step: string | null;
  /** The shard (k/n) that planned it; null in a run that was not sharded. */
  shard: string | null;
  reason: string;
  passed: boolean;
  /** Each gate's status and the ids of its findings, in order. */
  gates: Array<{ gate: string; status: string; deny: string[]; warn: string[]; waived: string[]; error: string | null }>;
  counts: { add: number; change: number; replace: number; destroy: number; forget: number } | null;
  /** The plan record `csm apply` takes and the summary a reviewer reads, relative to this record's folder, with their sha256. */
  planRecord: { file: string; sha256: string } | null;
  summary: { file: string; sha256: string } | null;
  /** A drift run: what differs between the state (refreshed when online) and the catalogue. */
  drift?: StackDrift;
  seconds: number;
  error: string | null;
}

/**
 * The evidence of one `csm plan` or `csm drift` run, or of a shard of one (`--shard k/n`), or the merge of all
 * shards of one (`csm evidence merge`): what was read (revision, input files, the policy bundle compiled), the
 * fleet the run covers, and every stack's decisions. `decisions` and `clauses` have the shape of a `csm check`
 * record, so the trace counts a plan run as evidence too.
 */
export interface RunRecord {
  schema: typeof RUN_RECORD_SCHEMA;
  kind: 'plan' | 'drift';
  createdAt: string;
  tool: { name: string; version: string };
  revision: { commit: string; dirty: boolean } | null;
  command: string[];
  evaluationTime: string;
  base: { ref: string; commit: string } | null;
  /** sha256 of every input file (catalogue, policies, waivers), and of that map: shards of one run agree on it. */
  inputs: Record<string, string>;
  inputsSha256: string;
  policyBundle: { hash: string; sources: Record<string, string> };
  /** Every tenancy the whole run covers (all shards), sorted, and its sha256. */
  fleet: { tenancies: string[]; sha256: string };
  shard: { index: number; count: number } | null;
  /** Set on a merged record: the shard records it was made from. */
  merged?: { shards: Array<{ shard: string; file: string; sha256: string }> };
  stacks: RunStack[];
  decisions: Array<{ stack: string; customer: string | null; gate: string; operation: Operation; status: string; error: string | null; inputSha256: string | null; findings: unknown[] }>;
  waiversApplied: Array<{ waiver: string; rule: string; stack: string; resource: string | null }>;
  clauses: string[];
  scenarios: string[];
  summary: RunSummary;
}

export interface RunSummary {
  stacks: number;
  passed: number;
  denied: number;
  /** The plan or a policy could not decide (an `error`). */
  failed: number;
  drifted?: number;
}

export const fleetOfTenancies = (tenancies: string[]) => ({ tenancies, sha256: sha256(JSON.stringify(tenancies)) });

export const inputsDigest = (inputs: Record<string, string>) => sha256(JSON.stringify(Object.entries(inputs).sort(([a], [b]) => (a < b ? -1 : 1))));

export function gatesOf(decisions: GateDecision[]): RunStack['gates'] {
  return decisions.map((d) => ({ gate: d.gate, status: d.status, deny: d.deny.map((f) => f.id), warn: d.warn.map((f) => f.id), waived: d.waived.map((w) => w.finding.id), error: d.error ?? null }));
}

/** Stacks by outcome: passed, denied by a policy, failed (the plan or a policy could not decide), drifted. */
export function runSummary(stacks: RunStack[]): RunSummary {
  const failed = stacks.filter((s) => !s.passed && (s.error || s.gates.some((g) => g.status === 'error'))).length;
  const passed = stacks.filter((s) => s.passed).length;
  const summary: RunSummary = { stacks: stacks.length, passed, denied: stacks.length - passed - failed, failed };
  if (stacks.some((s) => s.drift)) summary.drifted = stacks.filter((s) => s.drift?.drifted).length;
  return summary;
}

/** The one line a run ends with: `12 stacks of a fleet of 12 (3 shards): 11 passed, 1 denied, 0 failed`. */
export function runSummaryLine(record: Pick<RunRecord, 'summary' | 'fleet' | 'shard' | 'merged' | 'kind'>): string {
  const s = record.summary;
  const of = record.shard ? ` (shard ${record.shard.index}/${record.shard.count} of a fleet of ${record.fleet.tenancies.length} tenancies)` : record.merged ? ` (a fleet of ${record.fleet.tenancies.length} tenancies, ${record.merged.shards.length} shard${record.merged.shards.length === 1 ? '' : 's'} merged)` : '';
  const drift = s.drifted !== undefined ? `, ${s.drifted} drifted` : '';
  return `${s.stacks} stacks${of}: ${s.passed} passed, ${s.denied} denied, ${s.failed} failed${drift}`;
}

/** Decisions in the shape of a `csm check` evidence record (trace reads them). */
export function decisionsOf(stack: RunStack, operation: Operation, customer: string | null, decisions: GateDecision[]): RunRecord['decisions'] {
  return decisions.map((d) => ({
    stack: stack.stack,
    customer,
    gate: d.gate,
    operation,
    status: d.status,
    error: d.error ?? null,
    inputSha256: d.inputSha256 || null,
    findings: [...d.deny.map((f) => ({ ...f, level: 'deny' })), ...d.warn.map((f) => ({ ...f, level: 'warn' }))],
  }));
}

/** The waivers that accepted a finding, as a `csm check` record lists them. */
export function waiversAppliedOf(stack: string, decisions: GateDecision[]): RunRecord['waiversApplied'] {
  return decisions.flatMap((d) => d.waived.map((w) => ({ waiver: w.waiver, rule: w.finding.id, stack, resource: w.finding.resource })));
}

export function recordClauses(record: Pick<RunRecord, 'decisions'>, ruleClauses: string[]): { clauses: string[]; scenarios: string[] } {
  const findings = record.decisions.flatMap((d) => d.findings as Array<{ clauses?: string[]; scenario?: string }>);
  return {
    clauses: sortClauses([...ruleClauses, ...findings.flatMap((f) => f.clauses ?? [])]),
    scenarios: [...new Set(findings.map((f) => f.scenario).filter((s): s is string => !!s))].sort(),
  };
}

/** Writes the record as `<dir>/<time>-<hash>.json`, never over an existing file. */
export function writeRunRecord(dir: string, record: RunRecord): string {
  const text = JSON.stringify(record, null, 2) + '\n';
  return writeNewUnique(path.join(dir, `${fileStamp(new Date(record.createdAt))}-${sha256(text).slice(0, 8)}`), '.json', text);
}

export const shardLabel = (s: Shard | null | undefined) => (s ? `${s.index}/${s.count}` : null);
