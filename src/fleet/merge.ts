import * as fs from 'fs';
import * as path from 'path';
import { InputError } from '../model/errors';
import { sha256 } from '../policy/sources';
import { shardOf } from './shard';
import { RUN_RECORD_SCHEMA, fleetOfTenancies, inputsDigest, recordClauses, runSummary, type RunRecord, type RunStack } from './run-record';

/** Shard records that cannot be merged: a shard missing or given twice, records of different runs, a stack twice. */
export class MergeError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'MergeError';
  }
}

interface ShardFile {
  file: string;
  bytes: Buffer;
  record: RunRecord;
}

function jsonFilesUnder(p: string): string[] {
  if (!fs.existsSync(p)) throw new MergeError(`${p}: no such file or folder`);
  if (fs.statSync(p).isFile()) return [p];
  return fs
    .readdirSync(p, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The fields a merge relies on, checked before use: a record off this shape is bad input, named by field. */
function shapeProblem(r: Record<string, unknown>): string | undefined {
  if (r.kind !== 'plan' && r.kind !== 'drift') return 'kind: must be plan or drift';
  if (typeof r.evaluationTime !== 'string') return 'evaluationTime: must be a time';
  if (typeof r.inputsSha256 !== 'string' || !isObject(r.inputs)) return 'inputs: must be the input files hashed';
  if (!isObject(r.policyBundle) || typeof r.policyBundle.hash !== 'string') return 'policyBundle.hash: must be a hash';
  if (!isObject(r.fleet) || !Array.isArray(r.fleet.tenancies) || !r.fleet.tenancies.every((t) => typeof t === 'string')) return 'fleet.tenancies: must be a list of tenancies';
  if (r.shard !== null && !(isObject(r.shard) && Number.isInteger(r.shard.index) && Number.isInteger(r.shard.count) && (r.shard.index as number) >= 1 && (r.shard.index as number) <= (r.shard.count as number))) return 'shard: must be null or { index, count } with 1 <= index <= count';
  if (!Array.isArray(r.stacks)) return 'stacks: must be a list';
  const bad = r.stacks.findIndex((s) => !isObject(s) || typeof s.stack !== 'string' || (s.tenancy !== null && typeof s.tenancy !== 'string') || typeof s.passed !== 'boolean' || !Array.isArray(s.gates));
  if (bad >= 0) return `stacks[${bad}]: must be a stack with stack, tenancy, passed and gates`;
  if (!Array.isArray(r.decisions)) return 'decisions: must be a list';
  return undefined;
}

/** Reads every plan-run record under the given folders or files; other JSON files (check evidence, apply evidence) are passed over. */
export function readShardRecords(paths: string[]): { shards: ShardFile[]; skipped: string[] } {
  const shards: ShardFile[] = [];
  const skipped: string[] = [];
  for (const p of paths) {
    const files = jsonFilesUnder(p);
    const before = shards.length;
    for (const file of files) {
      const bytes = fs.readFileSync(file);
      let value: unknown;
      try {
        value = JSON.parse(bytes.toString('utf8'));
      } catch (err) {
        throw new MergeError(`${file}: not JSON (${(err as Error).message})`);
      }
      if (!isObject(value) || value.schema !== RUN_RECORD_SCHEMA) continue;
      if (value.merged) {
        skipped.push(`${file} (a merged record)`);
        continue;
      }
      const problem = shapeProblem(value);
      if (problem) throw new MergeError(`${file}: ${problem} (a run record as csm plan writes it)`);
      shards.push({ file, bytes, record: value as unknown as RunRecord });
    }
    if (shards.length === before) throw new MergeError(`${p}: holds no run record of csm plan or csm drift (${RUN_RECORD_SCHEMA})`);
  }
  return { shards, skipped };
}

const label = (r: RunRecord) => (r.shard ? `shard ${r.shard.index}/${r.shard.count}` : 'the unsharded run');

/** Records of one run agree on what they read; the first field that differs is named with both files. */
function sameRun(shards: ShardFile[]): void {
  const [first] = shards;
  const fields: Array<[string, (r: RunRecord) => unknown]> = [
    ['kind', (r) => r.kind],
    ['revision', (r) => r.revision?.commit ?? null],
    ['base', (r) => r.base?.commit ?? null],
    ['inputs (catalogue, policies, waivers)', (r) => r.inputsSha256],
    ['policy bundle', (r) => r.policyBundle.hash],
    ['evaluation time (give every shard the same --now)', (r) => r.evaluationTime],
    ['fleet', (r) => fleetOfTenancies(r.fleet.tenancies).sha256],
    ['shard count', (r) => r.shard?.count ?? 1],
  ];
  for (const s of shards) {
    // Nothing vouches for itself: the digests a record carries are computed again from what it lists.
    if (inputsDigest(s.record.inputs) !== s.record.inputsSha256) throw new MergeError(`${s.file}: inputsSha256 is not the digest of its inputs (edited?)`);
    if (fleetOfTenancies(s.record.fleet.tenancies).sha256 !== s.record.fleet.sha256) throw new MergeError(`${s.file}: fleet.sha256 is not the digest of its tenancies (edited?)`);
    for (const [what, get] of fields) {
      if (JSON.stringify(get(s.record)) !== JSON.stringify(get(first.record))) {
        throw new MergeError(`${s.file} and ${first.file} are not shards of one run: their ${what} differ (${JSON.stringify(get(s.record))} and ${JSON.stringify(get(first.record))})`);
      }
    }
  }
}

/**
 * `csm evidence merge`: the shard records of one run joined into one run record. Refused (bad input) unless
 * the records are of one run (revision, base, inputs, policy bundle, evaluation time, fleet, shard count),
 * every shard 1..n is there exactly once, every stack sits in the shard its tenancy hashes to, and every
 * tenancy of the fleet is planned exactly once. The files a stack names (its plan record, its summary) are
 * hashed again and must be what the shard recorded. Paths are rewritten relative to `outDir`.
 */
export function mergeRunRecords(shards: ShardFile[], outDir: string, command: string[]): RunRecord {
  if (!shards.length) throw new MergeError('no run records to merge');
  sameRun(shards);
  const count = shards[0].record.shard?.count ?? 1;
  const byIndex = new Map<number, ShardFile[]>();
  for (const s of shards) byIndex.set(s.record.shard?.index ?? 1, [...(byIndex.get(s.record.shard?.index ?? 1) ?? []), s]);
  for (const [index, files] of byIndex) if (files.length > 1) throw new MergeError(`shard ${index}/${count} is given ${files.length} times: ${files.map((f) => f.file).join(', ')}`);
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((k) => !byIndex.has(k));
  if (missing.length) throw new MergeError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${count}`).join(', ')} missing: ${shards.length} of ${count} shard records given`);

  const fleet = shards[0].record.fleet.tenancies;
  const seen = new Map<string, string>();
  const stacks: RunStack[] = [];
  const ordered = [...shards].sort((a, b) => (a.record.shard?.index ?? 1) - (b.record.shard?.index ?? 1));
  for (const s of ordered) {
    for (const stack of s.record.stacks) {
      const key = stack.tenancy ?? stack.stack;
      if (stack.tenancy !== null && !fleet.includes(stack.tenancy)) throw new MergeError(`${s.file}: ${stack.stack} plans against ${stack.tenancy}, which is not in the run's fleet`);
      if (count > 1 && stack.tenancy !== null && shardOf(stack.tenancy, count) !== s.record.shard!.index) {
        throw new MergeError(`${s.file}: ${stack.stack} is in ${label(s.record)}'s record, but its tenancy ${stack.tenancy} hashes to shard ${shardOf(stack.tenancy, count)}/${count}`);
      }
      if (seen.has(key)) throw new MergeError(`${key} is planned twice: in ${seen.get(key)} and ${s.file}`);
      seen.set(key, s.file);
      stacks.push({ ...stack, planRecord: rebase(stack.planRecord, s.file, outDir, stack.stack), summary: rebase(stack.summary, s.file, outDir, stack.stack) });
    }
  }
  const unplanned = fleet.filter((t) => !seen.has(t));
  if (unplanned.length) throw new MergeError(`${unplanned.length} tenanc${unplanned.length === 1 ? 'y' : 'ies'} of the fleet planned by no shard: ${unplanned.slice(0, 10).join(', ')}${unplanned.length > 10 ? ', ...' : ''}`);

  stacks.sort((a, b) => (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0));
  const first = shards[0].record;
  const decisions = ordered.flatMap((s) => s.record.decisions).sort((a, b) => (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0));
  const merged: RunRecord = {
    ...first,
    createdAt: new Date().toISOString(),
    command,
    shard: null,
    merged: { shards: ordered.map((s) => ({ shard: `${s.record.shard?.index ?? 1}/${count}`, file: path.relative(outDir, s.file), sha256: sha256(s.bytes) })) },
    stacks,
    decisions,
    waiversApplied: ordered.flatMap((s) => s.record.waiversApplied ?? []),
    summary: runSummary(stacks),
  };
  Object.assign(merged, recordClauses(merged, first.clauses));
  return merged;
}

/** A file a shard record names (relative to it), hashed again, named relative to the merged record's folder. */
function rebase(ref: { file: string; sha256: string } | null, shardFile: string, outDir: string, stack: string): { file: string; sha256: string } | null {
  if (!ref) return null;
  if (typeof ref.file !== 'string' || typeof ref.sha256 !== 'string') throw new MergeError(`${shardFile}: ${stack}: a file reference must be { file, sha256 }`);
  const abs = path.resolve(path.dirname(shardFile), ref.file);
  if (!fs.existsSync(abs)) throw new MergeError(`${shardFile}: ${stack}: ${abs} is missing (download every shard's plans beside its record)`);
  const now = sha256(fs.readFileSync(abs));
  if (now !== ref.sha256) throw new MergeError(`${shardFile}: ${stack}: ${abs} changed since the shard recorded it (sha256 ${now.slice(0, 12)}, recorded ${ref.sha256.slice(0, 12)})`);
  return { file: path.relative(outDir, abs), sha256: now };
}
