import * as fs from 'fs';
import * as path from 'path';
import { parseYamlSource } from '../model/yaml-source';
import { InputFileError, fieldPath } from '../model/errors';
import type { YamlSource } from '../model/yaml-source';
import type { Artefact, ArtefactKind } from './artefact';
import { SCENARIO_ID } from './artefact';
import { jsonFilesUnder } from '../records/json-record';
import { REPORT_KINDS } from '../records/service-reports';


interface RecordFields {
  clauses?: unknown;
  scenarios?: unknown;
  kind?: unknown;
  customer?: unknown;
  period?: unknown;
  createdAt?: unknown;
  command?: unknown;
  decisions?: unknown;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * The scenarios an evidence record names on its findings (`decisions[].findings[].scenario`). A record csm did
 * not write in that shape (edited, or another tool's) is bad input, located at the field that is wrong.
 */
function findingScenarios(src: YamlSource, decisions: unknown): string[] {
  if (decisions === undefined) return [];
  const bad = (p: Array<string | number>, what: string) =>
    new InputFileError([{ ...src.locate(p), field: fieldPath(p), message: `must be ${what} (an evidence record as csm check writes it)` }]);
  if (!Array.isArray(decisions)) throw bad(['decisions'], 'a list of decisions');
  return decisions.flatMap((d, i) => {
    if (!isObject(d)) throw bad(['decisions', i], 'a decision (an object)');
    if (d.findings === undefined) return [];
    if (!Array.isArray(d.findings)) throw bad(['decisions', i, 'findings'], 'a list of findings');
    return d.findings.map((f, j) => {
      if (!isObject(f)) throw bad(['decisions', i, 'findings', j], 'a finding (an object)');
      return String(f.scenario ?? '');
    });
  });
}

/**
 * JSON records that name the clauses they serve in a top-level `clauses` array: service reports
 * (`reports/<customer>/<period>.json`, written by `csm report`) and evidence records (`evidence/*.json`,
 * written by `csm check`). Files without `clauses` are not records and are passed over; a file that is not
 * JSON is bad input, located.
 */
export function recordArtefacts(dir: string, kind: Extract<ArtefactKind, 'report' | 'evidence'>): Artefact[] {
  const out: Artefact[] = [];
  for (const file of jsonFilesUnder(dir)) {
    const src = parseYamlSource(file, fs.readFileSync(file, 'utf8'));
    if (src.problems.length) throw new InputFileError(src.problems);
    const r = (isObject(src.value) ? src.value : {}) as RecordFields;
    const clauses = strings(r.clauses);
    if (!clauses.length) continue;
    // Evidence names its scenarios on each finding; reports name them at the top.
    const named = [...strings(r.scenarios), ...findingScenarios(src, r.decisions)];
    const scenarios = [...new Set(named.filter((s) => SCENARIO_ID.test(s)))].sort();
    const title =
      kind === 'report'
        ? r.kind === REPORT_KINDS.sms
          ? `SMS operation report ${String(r.period ?? '')}`.trim()
          : `Service report ${String(r.customer ?? '')} ${String(r.period ?? '')}`.trim()
        : `Evidence of ${strings(r.command).slice(0, 2).join(' ') || 'a check'}${r.createdAt ? ` at ${String(r.createdAt)}` : ''}`;
    out.push({ kind, id: path.relative(dir, file), title, where: file, clauses, scenarios });
  }
  return out;
}
