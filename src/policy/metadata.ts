import * as fs from 'fs';
import * as path from 'path';
import { RegoCompileError, parseModule, type Annotation } from '@csm/rego';
import { InputFileError } from '../model/errors';
import { readRegoSources } from './sources';

export interface ModuleMetadata {
  /** The file, as the user can open it (the policies folder joined with the module's path). */
  file: string;
  package: string;
  annotations: Annotation[];
}

/**
 * The `# METADATA` blocks of every policy module (tests excepted) under `dir`, read with csm's own Rego parser.
 * No folder, no modules; a module that does not parse is bad input, located.
 */
export function policyMetadata(dir: string): ModuleMetadata[] {
  if (!fs.existsSync(dir)) return [];
  return readRegoSources(dir)
    .filter((s) => !s.test)
    .map((src) => {
      const file = path.join(dir, src.path);
      try {
        return { file, package: src.package, annotations: parseModule(src.source, file).annotations };
      } catch (err) {
        if (err instanceof RegoCompileError) {
          throw new InputFileError(err.errors.map((e) => ({ file, line: e.location.row, column: e.location.col, field: '', message: e.message })));
        }
        throw err;
      }
    });
}

/** The stable rule ids (`custom.id`) the policies under `dir` define: what a waiver may name. */
export function policyRuleIds(dir: string): Set<string> {
  const ids = new Set<string>();
  for (const m of policyMetadata(dir)) for (const a of m.annotations) if (typeof a.custom?.id === 'string') ids.add(a.custom.id);
  return ids;
}
