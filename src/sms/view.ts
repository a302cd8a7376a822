import { achieved, percent, units } from '../render/format';
import { monthName, type Row } from '../report/view';
import type { SmsReport } from './model';

/**
 * The SMS operation report's figures as a reader sees them, formatted once for both the HTML and the Markdown
 * renderer. Nothing is computed here beyond turning numbers into text.
 */
export { monthName };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const when = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ');

export function summary(r: SmsReport): string {
  const g = r.gate;
  const inForce = r.waivers.filter((w) => w.state === 'in force').length;
  const opened = r.breaches.reduce((n, b) => n + b.improvements.length, 0);
  const alerting = r.pools.filter((p) => p.state !== 'ok').length;
  return [
    `${plural(g.runs, 'gate run')} on ${plural(g.changes, 'change')}${g.withoutRevision ? ` (${g.withoutRevision} outside git)` : ''}, ${g.failedRuns} stopped (${plural(g.denials, 'denial')} by ${plural(g.byRule.length, 'rule')})`,
    `${plural(inForce, 'waiver')} in force, ${r.waivers.filter((w) => w.granted).length} granted, ${r.waivers.filter((w) => w.state === 'expired this month').length} expired`,
    `${plural(r.applies.applied.length, 'plan')} applied`,
    `${plural(r.reports.length, 'service report')} with ${plural(r.breaches.length, 'SLA breach', 'SLA breaches')} (${plural(opened, 'improvement')} raised from them)`,
    `${plural(r.improvements.opened.length, 'improvement')} opened, ${r.improvements.closed.length} closed, ${r.improvements.openAtEnd} open`,
    `${plural(alerting, 'capacity pool')} at or past ${alerting === 1 ? 'its' : 'their'} alert threshold`,
  ].join('; ') + '.';
}

export const GATE_HEAD = ['', 'count'];

export function gateRows(r: SmsReport): Row[] {
  const e = r.gate.evaluations;
  return [
    { cells: ['gate runs (csm check)', String(r.gate.runs)] },
    { cells: ['changes (distinct revisions)', `${r.gate.changes}${r.gate.withoutRevision ? ` (and ${r.gate.withoutRevision} runs outside git)` : ''}`] },
    { cells: ['runs stopped by a denial or an error', String(r.gate.failedRuns)], breach: r.gate.failedRuns > 0 },
    { cells: ['evaluations passed / warned / failed / error / invalid', `${e.passed} / ${e.warned} / ${e.failed} / ${e.error} / ${e.invalid}`] },
    { cells: ['denials standing (not waived)', String(r.gate.denials)] },
  ];
}

export const RULE_HEAD = ['rule', 'clauses', 'denials', 'stacks'];

export const ruleRows = (r: SmsReport): Row[] => r.gate.byRule.map((d) => ({ cells: [d.rule, d.clauses.join(', '), String(d.count), d.stacks.join(', ')] }));

export const CLAUSE_HEAD = ['clause', 'denials'];

export const clauseRows = (r: SmsReport): Row[] => r.gate.byClause.map((c) => ({ cells: [c.clause, String(c.count)] }));

export const WAIVER_HEAD = ['waiver', 'rule', 'approver', 'expires', 'state', 'applied', 'granted this month'];

export const waiverRows = (r: SmsReport): Row[] =>
  r.waivers.map((w) => ({ warn: w.state !== 'in force', cells: [w.id, w.rule, w.approver, w.expires, w.state, String(w.applied), w.granted ? 'yes' : 'no'] }));

export const APPLY_HEAD = ['when (UTC)', 'operation', 'stack', 'target'];

export const applyRows = (r: SmsReport): Row[] => r.applies.applied.map((a) => ({ cells: [when(a.at), a.operation, a.stack, a.target] }));

export const applyOutcomes = (r: SmsReport): string =>
  Object.entries(r.applies.byOutcome)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([o, n]) => `${o} ${n}`)
    .join(', ') || 'no apply attempts';

export const REPORT_HEAD = ['customer', 'services', 'met', 'breached'];

export const reportRows = (r: SmsReport): Row[] =>
  r.reports.map((s) => {
    const breached = s.services.filter((x) => x.breach).length;
    return { breach: breached > 0, cells: [s.customer, String(s.services.length), String(s.services.length - breached), String(breached)] };
  });

export const BREACH_HEAD = ['customer', 'service', 'agreed', 'achieved', 'improvements raised from it'];

export const breachRows = (r: SmsReport): Row[] =>
  r.breaches.map((b) => ({
    breach: b.improvements.length === 0,
    cells: [b.customer, b.service, percent(b.targetPercent), achieved(b.achievedPercent), b.improvements.map((i) => `${i.id} (${i.status})`).join(', ') || 'none yet'],
  }));

export const IMPROVEMENT_HEAD = ['improvement', 'source', 'priority', 'owner', 'status', 'raised', 'closed'];

export const improvementRows = (list: SmsReport['improvements']['opened']): Row[] =>
  list.map((i) => ({ cells: [i.title, i.source, i.priority, i.owner.name, i.status, i.raised, i.closed ?? ''] }));

export const POOL_HEAD = ['pool', 'committed', 'of', 'used', 'alert at', 'state', 'customers at their threshold'];

export const poolRows = (r: SmsReport): Row[] =>
  r.pools.map((p) => ({
    breach: p.state === 'over',
    warn: p.state === 'warning',
    cells: [
      p.pool,
      units(p.used, p.unit),
      units(p.size, p.unit),
      `${p.percent} %`,
      `${p.warnAtPercent} %`,
      p.state,
      p.measured.map((m) => `${m.customer}${m.peak === null ? '' : ` (peak ${units(m.peak, p.unit)}${m.overQuota ? ', over quota' : ''})`}`).join(', ') || 'none',
    ],
  }));

export const METHOD =
  'Every figure is recomputed from what csm wrote: the evidence records of csm check (gate runs) and csm apply ' +
  '(apply attempts) made during the month by the clock, the service reports of the month in the reports folder, ' +
  'the improvement register, and the capacity the catalogue commits (the ledger the capacity rules read). A ' +
  'denial counts once per finding that no waiver accepted; a change is a distinct git revision a gate run checked.';

export const CLAUSES_TEXT =
  'This report serves ISO/IEC 20000-1 clause 4.5.3 (the SMS implemented and operated), 4.5.4 (its monitoring and review by management) and 9.2 (changes through change management).';
