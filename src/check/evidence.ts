import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { CheckReport } from './report';
import { fileStamp } from '../terraform/plan';
import { sortClauses } from '../../constructs/clause-context';
import { sha256 } from '../policy/sources';
import { writeNewUnique } from '../files/write-atomic';

export { sha256 };

/** The git revision of the working directory, and whether it has uncommitted changes; null outside git. */
export function gitRevision(cwd = process.cwd()): { commit: string; dirty: boolean } | null {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '';
    return { commit, dirty };
  } catch {
    return null;
  }
}

/** sha256 of every file under the given folders (sorted, paths relative to the working directory). */
export function hashFiles(dirs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) continue;
    const entries = fs.statSync(dir).isDirectory() ? fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)) : [dir];
    for (const file of entries.sort()) out[path.relative(process.cwd(), file) || file] = sha256(fs.readFileSync(file));
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
    createdAt: report.startedAt,
    tool: report.tool,
    revision: gitRevision(),
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
