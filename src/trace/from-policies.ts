import { policyMetadata } from '../policy/metadata';
import type { Artefact } from './artefact';
import { SCENARIO_ID } from './artefact';

/**
 * The rules of `policies/*.rego` that say what they serve in their `# METADATA` block
 * (`custom: { id, clauses, scenario, severity }`), read with csm's own Rego parser. No folder, no artefacts.
 */
export function policyArtefacts(dir: string): Artefact[] {
  const out: Artefact[] = [];
  for (const { file, package: pkg, annotations } of policyMetadata(dir)) {
    for (const a of annotations) {
      const custom = a.custom ?? {};
      const clauses = Array.isArray(custom.clauses) ? custom.clauses.map(String) : [];
      if (!clauses.length) continue;
      const scenario = String(custom.scenario ?? '');
      out.push({
        kind: 'policy',
        id: String(custom.id ?? `${pkg}@${a.location.row}`),
        title: `${a.title ?? 'policy rule'}${custom.severity ? ` (${String(custom.severity)})` : ''}`,
        where: `${file}:${a.location.row}`,
        clauses,
        scenarios: SCENARIO_ID.test(scenario) ? [scenario] : [],
      });
    }
  }
  return out;
}
