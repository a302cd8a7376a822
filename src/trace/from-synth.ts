import * as fs from 'fs';
import type { Catalogue } from '../model/types';
import { withTempDir } from '../util/temp-dir';
import { synthesize } from '../synth/synthesize';
import { TAG } from '../../constructs/clause-tagging';
import { sortClauses } from '../../constructs/clause-context';
import type { Artefact } from './artefact';

interface TfResource {
  tags?: Record<string, string>;
  '//'?: { metadata?: { path?: string } };
}

/**
 * The synthesized stacks, read back: every resource that carries csm's clause tags (the `serves()`
 * declarations, applied by the ClauseTagging aspect) is a resource artefact; the constructs directly under
 * each stack (baseline, monitoring, one per subscription) are construct artefacts with the union of theirs.
 * Synthesizes into a temporary folder, so the trace always reflects the catalogue as it is.
 */
export function synthArtefacts(cat: Catalogue): Artefact[] {
  return withTempDir('csm-trace-', (outdir) => {
    const out: Artefact[] = [];
    for (const stack of synthesize(cat, { outdir })) {
      const json = JSON.parse(fs.readFileSync(stack.file, 'utf8')) as { resource?: Record<string, Record<string, TfResource>> };
      const constructs = new Map<string, Artefact>();
      for (const [type, byName] of Object.entries(json.resource ?? {})) {
        for (const [name, r] of Object.entries(byName)) {
          const tags = r.tags ?? {};
          const clauses = (tags[TAG.clauses] ?? '').split(' ').filter(Boolean);
          if (!clauses.length) continue;
          const scenarios = tags[TAG.scenario] ? [tags[TAG.scenario]] : [];
          const constructPath = r['//']?.metadata?.path ?? `${stack.name}/${name}`;
          out.push({ kind: 'resource', id: `${stack.name}:${type}.${name}`, title: `${type} (${tags[TAG.service] ?? 'tenancy'})`, where: constructPath, clauses, scenarios });
          const top = constructPath.split('/').slice(0, 2).join('/');
          const c = constructs.get(top) ?? { kind: 'construct', id: top, title: `Construct ${top.split('/')[1]} of ${stack.name}`, where: stack.file, clauses: [], scenarios: [] };
          c.clauses = sortClauses([...c.clauses, ...clauses]);
          c.scenarios = [...new Set([...c.scenarios, ...scenarios])].sort();
          constructs.set(top, c);
        }
      }
      out.push(...[...constructs.values()].sort((a, b) => a.id.localeCompare(b.id)));
    }
    return out;
  });
}
