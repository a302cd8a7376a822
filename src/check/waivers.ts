import * as fs from 'fs';
import { CatalogueError, fieldPath, type CatalogueIssue } from '../model/errors';
import { parseYamlSource, type YamlSource } from '../model/yaml-source';
import { schemaIssues } from '../model/schema';
import { daysUntilEndOf } from '../model/calendar';
import type { Catalogue } from '../model/types';
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

/** The furthest a waiver's expiry may lie after the evaluation time, unless provider.yaml says otherwise. */
export const DEFAULT_MAX_WAIVER_DAYS = 90;

/** What a waiver is checked against besides its own file. */
export interface WaiverContext {
  /** Customers a waiver may name; `governance.maxWaiverDays` of its provider context. */
  catalogue: Catalogue;
  /** The evaluation time: the expiry horizon counts from it. */
  now: Date;
  /** Rule ids the policies define (their METADATA); undefined when no policies are at hand to ask. */
  ruleIds?: ReadonlySet<string>;
}

/** Fewest characters, blanks not counted, that a reason and an approver must have. */
const MIN_TEXT = { reason: 10, approver: 3 } as const;

function semanticIssues(src: YamlSource, waivers: Omit<Waiver, 'at'>[], ctx: WaiverContext): CatalogueIssue[] {
  const issues: CatalogueIssue[] = [];
  const issue = (i: number, key: string, message: string) => issues.push({ ...src.locate(['waivers', i, key]), field: fieldPath(['waivers', i, key]), message });
  const maxDays = ctx.catalogue.provider.governance?.maxWaiverDays ?? DEFAULT_MAX_WAIVER_DAYS;
  const seen = new Set<string>();
  waivers.forEach((w, i) => {
    if (seen.has(w.id)) issue(i, 'id', `duplicate waiver id "${w.id}"`);
    seen.add(w.id);
    for (const key of ['reason', 'approver'] as const) {
      const words = w[key].replace(/\s+/g, ' ').trim();
      if (words.length < MIN_TEXT[key]) issue(i, key, `must say it in at least ${MIN_TEXT[key]} characters that are not blanks (has ${words.length})`);
    }
    const days = Math.ceil(daysUntilEndOf(w.expires, ctx.now));
    if (days > maxDays) {
      issue(i, 'expires', `${w.expires} is ${days} days after the evaluation time ${ctx.now.toISOString()}: a waiver runs at most ${maxDays} days (provider.yaml governance.maxWaiverDays)`);
    }
    if (ctx.ruleIds && !ctx.ruleIds.has(w.rule)) {
      const near = [...ctx.ruleIds].filter((id) => id.split('-').slice(0, 2).join('-') === w.rule.split('-').slice(0, 2).join('-')).sort();
      issue(i, 'rule', `no policy rule has the id "${w.rule}"${near.length ? ` (rules of that family: ${near.join(', ')})` : ''}`);
    }
    if (w.customer !== undefined && !ctx.catalogue.customers.has(w.customer)) {
      issue(i, 'customer', `unknown customer "${w.customer}" (catalogue has: ${[...ctx.catalogue.customers.keys()].join(', ')})`);
    }
  });
  return issues;
}

/**
 * Loads `waivers.yaml` (optional). A waiver is invalid input unless it has a reason and an approver that are
 * more than blanks, an expiry that is a real day within the provider's horizon, a rule id the policies define
 * and, when it names one, a customer of the catalogue.
 */
export function loadWaivers(file: string, ctx: WaiverContext): Waiver[] {
  if (!fs.existsSync(file)) return [];
  let src: YamlSource;
  try {
    src = parseYamlSource(file, fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CatalogueError([{ file, line: 1, column: 1, field: '', message: `cannot read: ${(err as Error).message}` }]);
  }
  const issues: CatalogueIssue[] = src.problems.length ? src.problems : schemaIssues('waivers', src);
  const waivers = issues.length ? [] : ((src.value as { waivers: Omit<Waiver, 'at'>[] }).waivers ?? []);
  issues.push(...semanticIssues(src, waivers, ctx));
  if (issues.length) throw new CatalogueError(issues);
  return waivers.map((w, i) => {
    const loc = src.locate(['waivers', i]);
    return { ...w, at: `${loc.file}:${loc.line}` };
  });
}

/**
 * Whether `text` matches a waiver's resource pattern, `*` matching any run of characters. Greedy with one
 * backtrack point (the last `*`), so the time is at most pattern length times text length whatever the pattern:
 * a regular expression built from `*a*a*a...` backtracks exponentially on a long run of `a`s (a customer id can
 * be one), and a waiver would stall the gate.
 */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
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
    const valid = matching.find((w) => daysUntilEndOf(w.expires, now) > 0);
    if (valid) {
      out.waived.push({ finding, waiver: valid.id });
      continue;
    }
    out.standing.push(finding);
    for (const w of matching) out.expired.push({ finding, waiver: w.id, expired: w.expires });
  }
  return out;
}
