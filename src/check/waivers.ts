import * as fs from 'fs';
import { CatalogueError, type CatalogueIssue } from '../model/errors';
import { parseYamlSource } from '../model/yaml-source';
import { schemaIssues } from '../model/schema';
import type { Finding } from '../policy/finding';

export interface Waiver {
  id: string;
  rule: string;
  customer?: string;
  resource?: string;
  reason: string;
  approver: string;
  expires: string;
  change?: string;
  /** Where it is written, for messages. */
  at: string;
}

/** Loads `waivers.yaml` (optional). A waiver without reason, approver or expiry is invalid input. */
export function loadWaivers(file: string): Waiver[] {
  if (!fs.existsSync(file)) return [];
  const src = parseYamlSource(file, fs.readFileSync(file, 'utf8'));
  const issues: CatalogueIssue[] = src.problems.length ? src.problems : schemaIssues('waivers', src);
  const waivers = issues.length ? [] : ((src.value as { waivers: Omit<Waiver, 'at'>[] }).waivers ?? []);
  const seen = new Set<string>();
  waivers.forEach((w, i) => {
    if (Number.isNaN(Date.parse(`${w.expires}T00:00:00Z`))) issues.push({ ...src.locate(['waivers', i, 'expires']), field: `waivers[${i}].expires`, message: `"${w.expires}" is not a calendar date` });
    if (seen.has(w.id)) issues.push({ ...src.locate(['waivers', i, 'id']), field: `waivers[${i}].id`, message: `duplicate waiver id "${w.id}"` });
    seen.add(w.id);
  });
  if (issues.length) throw new CatalogueError(issues);
  return waivers.map((w, i) => {
    const loc = src.locate(['waivers', i]);
    return { ...w, at: `${loc.file}:${loc.line}` };
  });
}

function globMatch(pattern: string, text: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(text);
}

export interface WaiverOutcome {
  /** Findings that still count. */
  standing: Finding[];
  waived: Array<{ finding: Finding; waiver: string }>;
  /** Waivers that would have matched but expired: they say so. */
  expired: Array<{ finding: Finding; waiver: string; expired: string }>;
}

/** Applies waivers to one stack's findings; a waiver counts until the end of its expiry day (UTC). */
export function applyWaivers(findings: Finding[], customer: string | null, waivers: Waiver[], now: Date): WaiverOutcome {
  const out: WaiverOutcome = { standing: [], waived: [], expired: [] };
  for (const finding of findings) {
    const matching = waivers.filter(
      (w) => w.rule === finding.id && (!w.customer || w.customer === customer) && (!w.resource || (finding.resource !== null && globMatch(w.resource, finding.resource))),
    );
    const valid = matching.find((w) => now.getTime() < Date.parse(`${w.expires}T00:00:00Z`) + 86_400_000);
    if (valid) {
      out.waived.push({ finding, waiver: valid.id });
      continue;
    }
    out.standing.push(finding);
    for (const w of matching) out.expired.push({ finding, waiver: w.id, expired: w.expires });
  }
  return out;
}
