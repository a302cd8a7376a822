import type { Finding } from '../policy/finding';
import type { Gate } from '../view/resource';
import type { GateOperation } from '../policy/input';
import type { SourceLocation } from '../model/types';

/**
 * A finding with where it points: the catalogue line that caused it, else the construct that made it; for a plan
 * made elsewhere, the resource's block in its Terraform sources (`source`) or its change in the plan (`plan`).
 */
export interface LocatedFinding extends Finding {
  level: 'deny' | 'warn';
  stack: string;
  gate: Gate;
  location: (SourceLocation & { kind: 'catalogue' | 'construct' | 'source' | 'plan' }) | null;
  /** Set when a waiver accepted the finding. */
  waiver?: string;
  /** Set when a waiver would have applied but has expired. */
  expiredWaiver?: { id: string; expired: string };
}

export interface StackResult {
  stack: string;
  customer: string | null;
  gate: Gate;
  operation: GateOperation;
  /**
   * `error`: the gate could not decide (compile error, trap, timeout, a partial plan): counts as a failure.
   * `invalid`: the input is not something the gate can read (a plan file that is a state, malformed, ...): bad
   * input, the worst outcome of a run (exit 2).
   */
  status: 'passed' | 'warned' | 'failed' | 'error' | 'invalid';
  findings: LocatedFinding[];
  error?: string;
  /**
   * How the decision was reached when not the usual way (capacity decided on the ledger alone, a partial plan
   * judged as far as it shows).
   */
  note?: string;
  seconds: number;
}

export interface RuleInfo {
  id: string;
  title: string;
  description: string;
  severity: string;
  clauses: string[];
  scenario?: string;
  remediation?: string;
}

export interface CheckReport {
  tool: { name: 'csm'; version: string };
  /** When the run started, by the clock (never `--now`). */
  startedAt: string;
  revision: string | null;
  results: StackResult[];
  rules: RuleInfo[];
  summary: { stacks: number; passed: number; warnings: number; failures: number; waived: number; invalid: number };
  evidence?: string;
}

export function summarize(results: StackResult[]): CheckReport['summary'] {
  const live = (f: LocatedFinding) => !f.waiver;
  return {
    stacks: results.length,
    passed: results.filter((r) => r.status === 'passed' || r.status === 'warned').length,
    warnings: results.flatMap((r) => r.findings).filter((f) => f.level === 'warn' && live(f)).length,
    failures: results.flatMap((r) => r.findings).filter((f) => f.level === 'deny' && live(f)).length + results.filter((r) => r.status === 'error').length,
    waived: results.flatMap((r) => r.findings).filter((f) => f.waiver).length,
    invalid: results.filter((r) => r.status === 'invalid').length,
  };
}

export function summaryLine(s: CheckReport['summary']): string {
  return `${s.stacks} stacks, ${s.passed} passed, ${s.warnings} warnings, ${s.failures} failures, ${s.waived} waived${s.invalid ? `, ${s.invalid} invalid inputs` : ''}`;
}

/** The run's exit code, the worst of its results: bad input (2), then a failure (1). */
export function exitCodeOf(s: CheckReport['summary']): 0 | 1 | 2 {
  return s.invalid > 0 ? 2 : s.failures > 0 ? 1 : 0;
}
