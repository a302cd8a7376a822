import * as fs from 'fs';
import type { Catalogue } from '../model/types';
import { withTempDir } from '../util/temp-dir';
import type { TfJson } from '../view/from-synth';
import { synthesize } from './synthesize';

export const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

/**
 * What exists before a change: the base revision's tenancy stacks of the given customers (those the base has),
 * synthesized aside in a temporary folder, by customer. The synth gate compares with them to see what a change
 * adds, alters and removes, before any plan.
 */
export function baseTenancies(base: Catalogue | undefined, customers: string[]): Map<string, TfJson> {
  const existing = customers.filter((c) => base?.customers.has(c));
  if (!base || !existing.length) return new Map();
  return withTempDir('csm-base-synth-', (out) => new Map(synthesize(base, { outdir: out, customers: existing }).map((s) => [s.customer, readJson<TfJson>(s.file)])));
}
