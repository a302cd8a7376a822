import * as fs from 'fs';
import * as path from 'path';
import type { CheckReport } from './report';
import { fileStamp } from '../terraform/plan';
import { sortClauses } from '../../constructs/clause-context';
import { sha256 } from '../policy/sources';
import { writeNewUnique } from '../files/write-atomic';

import { gitRevision } from '../git/revision';

export { sha256, gitRevision };

/** Every file under `dir` (or `dir` itself), following symbolic links as the loader does; a link loop is cut. */
function filesUnder(dir: string, seen = new Set<string>()): string[] {
  const real = fs.realpathSync(dir);
  if (!fs.statSync(dir).isDirectory()) return [dir];
  if (seen.has(real)) return [];
  seen.add(real);
  return fs
    .readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const file = path.join(dir, name);
      return fs.existsSync(file) ? filesUnder(file, seen) : [];
    });
}

/**
 * sha256 of every file under the given folders and of the given files (sorted, paths relative to the working
 * directory). A symbolic link is hashed under its own path with the content it resolves to, which is what csm
 * read (the loader refuses links that leave the catalogue).
 */
export function hashFiles(paths: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of paths) {
    if (!fs.existsSync(p)) continue;
    for (const file of filesUnder(p)) out[path.relative(process.cwd(), file) || file] = sha256(fs.readFileSync(file));
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export interface EvidenceContext {
  command: string[];
  inputs: Record<string, string>;
  policyBundle: { hash: string; sources: Record<string, string> } | null;
  now: string;
  /** sha256 of each evaluated input document, keyed `<stack>/<gate>`, so a replay can show it saw the same. */
  inputHashes: Record<string, string>;
  waivers: Array<{ id: string; rule: string; expires: string; approver: string; reason: string }>;
  /** A folder of the project checked (its catalogue): the revision recorded is that repository's, wherever csm runs. */
  projectDir?: string;
}

/**
 * Writes one evidence record for a check run: what was checked (hashes of every input file and of the policy
 * bundle, the git revision), what was decided (every finding, waivers applied), and the clauses covered.
 * Records are append-only: a new file each run, never an overwrite.
 */
export function writeEvidence(dir: string, report: CheckReport, ctx: EvidenceContext): string {
  const findings = report.results.flatMap((r) => r.findings);
  const record = {
    schema: 'csm-evidence/1',
    // When the record was made, by the clock; the evaluation time (`--now`) is recorded on its own below.
    createdAt: report.startedAt,
    tool: report.tool,
    revision: gitRevision(ctx.projectDir || undefined),
    command: ctx.command,
    evaluationTime: ctx.now,
    inputs: ctx.inputs,
    policyBundle: ctx.policyBundle,
    decisions: report.results.map((r) => ({
      stack: r.stack,
      customer: r.customer,
      gate: r.gate,
      operation: r.operation,
      status: r.status,
      error: r.error ?? null,
      inputSha256: ctx.inputHashes[`${r.stack}/${r.gate}`] ?? null,
      findings: r.findings,
    })),
    waiversApplied: findings.filter((f) => f.waiver).map((f) => ({ waiver: f.waiver, rule: f.id, stack: f.stack, resource: f.resource })),
    waiversExpired: findings.filter((f) => f.expiredWaiver).map((f) => ({ waiver: f.expiredWaiver!.id, expired: f.expiredWaiver!.expired, rule: f.id, stack: f.stack })),
    waivers: ctx.waivers,
    clauses: sortClauses([...report.rules.flatMap((r) => r.clauses), ...findings.flatMap((f) => f.clauses)]),
    scenarios: [...new Set(report.results.map((r) => r.operation))].sort(),
    summary: report.summary,
  };
  const text = JSON.stringify(record, null, 2) + '\n';
  return writeNewUnique(path.join(dir, `${fileStamp(new Date(report.startedAt))}-${sha256(text).slice(0, 8)}`), '.json', text);
}
