import * as path from 'path';
import { readRegoSources } from '../../src/policy/sources';
import { parseModule } from '@csm/rego';

/**
 * The README's table of the generic AWS pack, from the checks' own METADATA: one row per check id (its deny rule,
 * or its warn rule when it only warns), with the house rule that owns the problem on csm's own resources.
 */
export function packTable(policiesDir: string): string {
  const rows = new Map<string, string>();
  const sources = readRegoSources(policiesDir).filter((s) => !s.test && /^(aws|plan)\//.test(s.path));
  const list = (v: unknown) => (Array.isArray(v) && v.length ? v.map((x) => String(x)).join(', ') : '—');
  for (const s of sources) {
    for (const a of parseModule(s.source, s.path).annotations) {
      const c = a.custom ?? {};
      const id = String(c.id);
      if (rows.has(id) || /\(unknown at plan\)|\(not visible at plan\)/.test(a.title ?? '')) continue;
      const house = /CSM-(SEC|AGR|LCM)-\d{3}/.exec(a.description ?? '')?.[0] ?? '—';
      const file = path.posix.join('policies', s.path);
      rows.set(id, `| ${id} | ${a.title} ([${path.posix.basename(s.path, '.rego')}](${file})) | ${c.severity} | ${list(c.aws_fsbp)} | ${list(c.checkov)} | ${list(c.trivy)} | ${house} |`);
    }
  }
  const header = ['| id | check | severity | AWS FSBP | Checkov | Trivy | on csm\'s own resources |', '|---|---|---|---|---|---|---|'];
  return [...header, ...[...rows.keys()].sort().map((id) => rows.get(id)!)].join('\n');
}
