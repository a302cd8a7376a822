import * as fs from 'fs';
import type { Catalogue, SourceLocation } from '../model/types';
import type { Finding } from '../policy/finding';
import type { ViewResource } from '../view/resource';
import type { LocatedFinding } from './report';

/** Line and column of the first occurrence of `needle` in a file, or null. */
function findInFile(file: string, needle: string): SourceLocation | null {
  if (!fs.existsSync(file)) return null;
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  return i < 0 ? null : { file, line: i + 1, column: lines[i].indexOf(needle) + 1 };
}

/**
 * Where a finding points, best first: the catalogue field the policy named as its source; else the
 * subscription that brought the resource's service into the stack; else the construct in the synthesized JSON.
 */
export function locateFinding(
  f: Finding,
  ctx: { catalogue: Catalogue; customer: string | null; resources: Map<string, ViewResource>; synthFile?: string },
): LocatedFinding['location'] {
  if (f.source) {
    const key = f.source.kind === 'provider' ? 'provider' : `${f.source.kind}:${f.source.id}`;
    const locate = ctx.catalogue.locate.get(key);
    if (locate) return { ...locate(f.source.path), kind: 'catalogue' };
  }
  const resource = f.resource ? ctx.resources.get(f.resource) : undefined;
  const customer = ctx.customer ? ctx.catalogue.customers.get(ctx.customer) : undefined;
  if (resource?.service && customer) {
    const i = customer.subscriptions.findIndex((s) => s.service === resource.service);
    const locate = ctx.catalogue.locate.get(`customer:${customer.id}`);
    if (i >= 0 && locate) return { ...locate(['subscriptions', i, 'service']), kind: 'catalogue' };
  }
  const constructPath = f.construct_path ?? resource?.construct_path;
  if (constructPath && ctx.synthFile) {
    const at = findInFile(ctx.synthFile, `"path": "${constructPath}"`);
    if (at) return { ...at, kind: 'construct' };
  }
  return null;
}
