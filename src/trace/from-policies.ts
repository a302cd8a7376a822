import * as fs from 'fs';
import * as path from 'path';
import { RegoCompileError, parseModule } from '@csm/rego';
import { InputFileError } from '../model/errors';
import { readRegoSources } from '../policy/sources';
import type { Artefact } from './artefact';
import { SCENARIO_ID } from './artefact';

/**
 * The rules of `policies/*.rego` that say what they serve in their `# METADATA` block
 * (`custom: { id, clauses, scenario, severity }`), read with csm's own Rego parser. No folder, no artefacts.
 */
export function policyArtefacts(dir: string): Artefact[] {
  if (!fs.existsSync(dir)) return [];
  const out: Artefact[] = [];
  for (const src of readRegoSources(dir).filter((s) => !s.test)) {
    const file = path.join(dir, src.path);
    let annotations;
    try {
      annotations = parseModule(src.source, file).annotations;
    } catch (err) {
      if (err instanceof RegoCompileError) {
        throw new InputFileError(err.errors.map((e) => ({ file, line: e.location.row, column: e.location.col, field: '', message: e.message })));
      }
      throw err;
    }
    for (const a of annotations) {
      const custom = a.custom ?? {};
      const clauses = Array.isArray(custom.clauses) ? custom.clauses.map(String) : [];
      if (!clauses.length) continue;
      const scenario = String(custom.scenario ?? '');
      out.push({
        kind: 'policy',
        id: String(custom.id ?? `${src.package}@${a.location.row}`),
        title: `${a.title ?? 'policy rule'}${custom.severity ? ` (${String(custom.severity)})` : ''}`,
        where: `${file}:${a.location.row}`,
        clauses,
        scenarios: SCENARIO_ID.test(scenario) ? [scenario] : [],
      });
    }
  }
  return out;
}
