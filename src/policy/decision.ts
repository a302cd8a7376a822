import { PolicyFailure, type Decision, type Finding } from './finding';

/**
 * Reads the gate's result (src/policy/gate-rules.ts) into a Decision, failing closed: every entry of every
 * `deny` and `warn` document must be a finding of the contract's shape (policies/README.md), or the whole
 * evaluation is a PolicyFailure of kind `shape` and the stack fails. Nothing is dropped, nothing defaulted.
 */

const SEVERITIES = ['high', 'medium', 'low'];
const SOURCE_KINDS = ['customer', 'service', 'provider'];

type Check = (v: unknown) => string | undefined;

const nonEmptyString: Check = (v) => (typeof v === 'string' && v.trim() !== '' ? undefined : 'a non-empty string');
const string: Check = (v) => (typeof v === 'string' ? undefined : 'a string');
const stringOrNull: Check = (v) => (v === null || typeof v === 'string' ? undefined : 'a string or null');
const oneOf =
  (values: string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v) ? undefined : `one of ${values.join(', ')}`;
const stringList: Check = (v) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? undefined : 'a list of strings');
const source: Check = (v) => {
  if (v === null) return undefined;
  const s = v as Record<string, unknown>;
  const ok =
    typeof s === 'object' &&
    !Array.isArray(s) &&
    Object.keys(s).sort().join() === 'id,kind,path' &&
    SOURCE_KINDS.includes(s.kind as string) &&
    typeof s.id === 'string' &&
    Array.isArray(s.path) &&
    s.path.every((p) => typeof p === 'string' || typeof p === 'number');
  return ok ? undefined : `null or {kind: ${SOURCE_KINDS.join('|')}, id: string, path: [string|number]}`;
};

const FIELDS: Record<keyof Finding, Check> = {
  id: nonEmptyString,
  severity: oneOf(SEVERITIES),
  message: nonEmptyString,
  resource: stringOrNull,
  construct_path: stringOrNull,
  clauses: stringList,
  scenario: nonEmptyString,
  remediation: string,
  source,
};

const shown = (v: unknown) => {
  const text = JSON.stringify(v);
  return text === undefined ? String(v) : text.length > 160 ? `${text.slice(0, 160)}…` : text;
};

/** Why `value` is not a finding (every problem), or an empty list when it is one. */
export function findingProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`is ${shown(value)}, not a finding object`];
  const f = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const [field, check] of Object.entries(FIELDS)) {
    if (!(field in f)) problems.push(`has no \`${field}\``);
    else {
      const want = check(f[field]);
      if (want) problems.push(`\`${field}\` is ${shown(f[field])}, not ${want}`);
    }
  }
  for (const field of Object.keys(f)) if (!(field in FIELDS)) problems.push(`has an unknown field \`${field}\``);
  return problems;
}

/** Findings in a stable order (id, resource, message, then the whole finding): the same change gives the same bytes. */
export function orderFindings(findings: Finding[]): Finding[] {
  const keyed = findings.map((f) => ({ f, key: [f.id, f.resource === null ? '' : `\u0001${f.resource}`, f.message, JSON.stringify(f)] }));
  keyed.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) if (a.key[i] !== b.key[i]) return a.key[i] < b.key[i] ? -1 : 1;
    return 0;
  });
  const seen = new Set<string>();
  return keyed.filter(({ key }) => !seen.has(key[3]) && seen.add(key[3])).map(({ f }) => f);
}

/**
 * The SDK's result set of the gate entrypoint → the Decision. Each document is `{}` (undefined: no findings)
 * or `{"value": <set of findings>}`.
 */
export function decisionOf(resultSet: unknown): Decision {
  const rs = resultSet as Array<{ result?: unknown }>;
  if (!Array.isArray(rs) || rs.length !== 1) throw new PolicyFailure(`the policy produced no decision (result set: ${shown(rs)})`, 'shape');
  const result = rs[0]?.result as Record<string, unknown> | undefined;
  const problems: string[] = [];
  const decision: Decision = { deny: [], warn: [] };
  for (const kind of ['deny', 'warn'] as const) {
    const docs = result?.[kind];
    if (typeof docs !== 'object' || docs === null || Array.isArray(docs)) {
      problems.push(`the gate's ${kind} is ${shown(docs)}`);
      continue;
    }
    for (const [name, holder] of Object.entries(docs as Record<string, { value?: unknown }>)) {
      if (!holder || !('value' in holder)) continue;
      const value = holder.value;
      if (!Array.isArray(value)) {
        problems.push(`${name} is ${shown(value)}, not a set of findings`);
        continue;
      }
      value.forEach((entry, i) => {
        const wrong = findingProblems(entry);
        const id = (entry as Partial<Finding> | null)?.id;
        if (wrong.length) problems.push(`${name}: entry ${i + 1} of ${value.length}${typeof id === 'string' ? ` (${id})` : ''} ${wrong.join(', ')}`);
        else decision[kind].push(entry as Finding);
      });
    }
  }
  if (problems.length) {
    const more = problems.length > 5 ? `; and ${problems.length - 5} more` : '';
    throw new PolicyFailure(`the policy returned malformed findings (policies/README.md gives the contract): ${problems.slice(0, 5).join('; ')}${more}`, 'shape');
  }
  return { deny: orderFindings(decision.deny), warn: orderFindings(decision.warn) };
}
