import * as fs from 'fs';
import type { Catalogue } from '../model/types';
import { InputFileError, type CatalogueIssue } from '../model/errors';
import { policyMetadata, type ModuleMetadata } from './metadata';

/**
 * Which statements of the service management policy (provider.yaml `policy.statements`, clause 4.1.2) each rule
 * implements, as its `# METADATA` says in `custom.statements`. A rule may only cite a statement the policy
 * makes: the link is how an auditor goes from "we protect customer data" to the checks that enforce it, and a
 * dangling one would claim an enforcement nobody approved.
 */
export interface RuleStatements {
  /** The rule's stable id (`custom.id`). */
  rule: string;
  statements: string[];
  /** Where `custom.statements` is written, for messages. */
  file: string;
  line: number;
  column: number;
}

/** The line of `field:` inside the METADATA comment block that starts at `row`, else the block's own line. */
function fieldLine(file: string, row: number, field: string): { line: number; column: number } {
  const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : [];
  for (let i = row - 1; i < lines.length && /^\s*#/.test(lines[i]); i++) {
    const at = lines[i].indexOf(`${field}:`);
    if (at >= 0) return { line: i + 1, column: at + 1 };
  }
  return { line: row, column: 1 };
}

/** Every rule whose METADATA names statements; a value that is not a list of ids is an issue. */
export function ruleStatements(metadata: readonly ModuleMetadata[]): { rules: RuleStatements[]; issues: CatalogueIssue[] } {
  const rules: RuleStatements[] = [];
  const issues: CatalogueIssue[] = [];
  for (const { file, annotations } of metadata) {
    for (const a of annotations) {
      const value = a.custom?.statements;
      if (value === undefined) continue;
      const at = { file, ...fieldLine(file, a.location.row, 'statements'), field: 'custom.statements' };
      const rule = typeof a.custom?.id === 'string' ? a.custom.id : undefined;
      if (!rule) issues.push({ ...at, message: 'a rule that names the statements it implements needs a stable id (custom.id)' });
      else if (!Array.isArray(value) || !value.length || !value.every((s) => typeof s === 'string')) {
        issues.push({ ...at, message: 'must be a list of statement ids of the service management policy, e.g. [protect-customer-data]' });
      } else rules.push({ rule, statements: value as string[], file: at.file, line: at.line, column: at.column });
    }
  }
  return { rules, issues };
}

/** Rules citing statements the catalogue's policy does not make, located at the rule's METADATA. */
export function unknownStatements(cat: Catalogue, rules: readonly RuleStatements[]): CatalogueIssue[] {
  const known = new Set(cat.provider.policy.statements.map((s) => s.id));
  return rules.flatMap((r) =>
    r.statements
      .filter((s) => !known.has(s))
      .map((s) => ({ file: r.file, line: r.line, column: r.column, field: 'custom.statements', message: `${r.rule} names statement "${s}", which the service management policy (${cat.files.get('provider')}) does not make (it states: ${[...known].join(', ')})` })),
  );
}

/**
 * The statements each rule of the policies under `dir` implements, by rule id, after checking every one against
 * the catalogue's policy. Bad input (exit 2, located) when a rule cites a statement that does not exist.
 */
export function checkedRuleStatements(cat: Catalogue, dir: string): Map<string, string[]> {
  const { rules, issues } = ruleStatements(policyMetadata(dir));
  issues.push(...unknownStatements(cat, rules));
  if (issues.length) throw new InputFileError(issues);
  return new Map(rules.map((r) => [r.rule, r.statements]));
}
