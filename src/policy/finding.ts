/** What a policy says about one thing (policies/README.md). */
export interface Finding {
  id: string;
  severity: 'high' | 'medium' | 'low';
  message: string;
  resource: string | null;
  construct_path: string | null;
  clauses: string[];
  scenario: string;
  remediation: string;
  source: { kind: 'customer' | 'service' | 'provider'; id: string; path: Array<string | number> } | null;
}

export interface Decision {
  deny: Finding[];
  warn: Finding[];
}

/**
 * Evaluation did not produce a decision: compile error, trap, out of memory, time bound exceeded, or a result
 * of the wrong shape. Callers treat it as a denial (fail closed), never as a pass.
 */
export class PolicyFailure extends Error {
  constructor(
    message: string,
    readonly kind: 'compile' | 'load' | 'trap' | 'timeout' | 'shape',
  ) {
    super(message);
    this.name = 'PolicyFailure';
  }
}
