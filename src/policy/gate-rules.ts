import { parseModule, RegoCompileError, type Location, type RegoError } from '@csm/rego';
import type { RegoSource } from './sources';

type Rule = ReturnType<typeof parseModule>['rules'][number];

/** A compile error of csm's own rules about policies, reported like the compiler's (`file:row:col: code: message`). */
export const compileError = (message: string, location: Location): RegoError => ({ code: 'rego_compile_error', message, location });

/**
 * Which documents the gate evaluates, read from the parsed policies rather than trusted to a hand-written
 * aggregator: every `deny` and `warn` rule of every package is part of the gate. A rule named `deny` or `warn`
 * that cannot be a set of findings (a function, an object keyed by a reference, a document under it, one in a
 * test file, which is never bundled) is refused at build time, so nothing is compiled and then ignored.
 */
export const GATE_KINDS = ['deny', 'warn'] as const;
export type GateKind = (typeof GATE_KINDS)[number];

/** The package csm generates the gate's collector in; no policy may use it. */
export const GATE_PACKAGE = ['__csm__', 'gate'];
export const GATE_ENTRYPOINT = `${GATE_PACKAGE.join('/')}/decision`;

/** One document the gate collects, e.g. `csm.freeze.deny`: the package path with the rule name. */
export interface GateDocument {
  kind: GateKind;
  /** Path below `data`, e.g. `['csm', 'freeze', 'deny']`. */
  path: string[];
  /** Where it is first defined (`file:row:col`), for messages. */
  location: string;
}

export const documentName = (path: readonly string[]) => path.join('.');

/** The static part of a rule head (`freeze.deny contains f` in `package csm` → `csm.freeze.deny`), and whether more follows. */
function headPath(pkg: string[], rule: Rule): { path: string[]; dynamicTail: boolean } {
  const path = [...pkg];
  const terms = rule.head.ref.terms;
  let i = 0;
  for (; i < terms.length; i++) {
    const t = terms[i];
    if (i === 0 && t.type === 'var') path.push(t.name);
    else if (i > 0 && t.type === 'string') path.push(t.value);
    else break;
  }
  return { path, dynamicTail: i < terms.length };
}

/**
 * The gate documents of a set of policy sources (tests included, to refuse gate rules in them). Throws a
 * RegoCompileError located at each misuse, the way a compile error is reported.
 */
export function gateDocuments(sources: RegoSource[]): GateDocument[] {
  const docs = new Map<string, GateDocument>();
  const errors: RegoError[] = [];
  for (const s of sources) {
    // A policy that does not parse is reported with its parse errors; a test file that does not parse is
    // `csm policy test`'s to report, since it is never bundled.
    let module;
    try {
      module = parseModule(s.source, s.path);
    } catch (err) {
      if (!(err instanceof RegoCompileError)) throw err;
      if (!s.test) errors.push(...err.errors);
      continue;
    }
    const pkg = module.package.path;
    if (pkg[0] === GATE_PACKAGE[0]) {
      errors.push(compileError(`package ${pkg.join('.')}: the package ${GATE_PACKAGE[0]} is reserved for the gate csm generates`, module.package.location));
    }
    for (const rule of module.rules) {
      const { path, dynamicTail } = headPath(pkg, rule);
      const at = path.findIndex((segment) => (GATE_KINDS as readonly string[]).includes(segment));
      if (at < 0) continue;
      const doc = path.slice(0, at + 1);
      const name = documentName(doc);
      const refuse = (why: string) => errors.push(compileError(`${name}: ${why}`, rule.location));
      if (s.test) refuse(`a ${path[at]} rule in a test file (*_test.rego) is never part of the gate; move it to a policy file or rename it`);
      else if (at < path.length - 1 || dynamicTail) {
        refuse(`${path[at]} must be a set of findings (\`${path[at]} contains finding if { ... }\`); ${dynamicTail ? 'a rule keyed by a reference makes it an object' : `${documentName(path)} makes it an object`}, which the gate cannot read`);
      } else if (rule.head.args) refuse(`${path[at]} must be a set of findings, not a function`);
      else if (!docs.has(name)) docs.set(name, { kind: path[at] as GateKind, path: doc, location: `${rule.location.file}:${rule.location.row}:${rule.location.col}` });
    }
  }
  if (errors.length) throw new RegoCompileError(errors);
  return [...docs.values()].sort((a, b) => (documentName(a.path) < documentName(b.path) ? -1 : 1));
}

const segment = (s: string) => `[${JSON.stringify(s)}]`;

/**
 * The collector module: one rule per gate document that reads it whole (`{"value": <document>}`, or `{}` where
 * the document is undefined), and the decision listing them by name. The findings are checked and ordered in
 * TypeScript (src/policy/decision.ts), so a malformed one fails the stack instead of being dropped by a filter.
 */
export function gateModule(docs: GateDocument[]): string {
  const lines = [`package ${GATE_PACKAGE.join('.')}`, '', 'import rego.v1', ''];
  const fields: Record<GateKind, string[]> = { deny: [], warn: [] };
  docs.forEach((d, i) => {
    lines.push(`default doc_${i} := {}`, '', `doc_${i} := {"value": data${d.path.map(segment).join('')}}`, '');
    fields[d.kind].push(`${JSON.stringify(documentName(d.path))}: doc_${i}`);
  });
  lines.push(`decision := {"deny": {${fields.deny.join(', ')}}, "warn": {${fields.warn.join(', ')}}}`, '');
  return lines.join('\n');
}

/** The path the collector module is compiled under (never a file of the policies folder). */
export const GATE_MODULE_PATH = '<csm gate>';
