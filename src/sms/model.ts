import type { Catalogue, Improvement, ProviderContext } from '../model/types';
import { sortClauses } from '../../constructs/clause-context';
import { buildLedger } from '../policy/data';
import { monthBounds } from '../report/compute';
import type { EvidenceLog, GateRun } from '../records/evidence-log';
import type { IssuedReport } from '../records/service-reports';

/**
 * What the SMS operation report serves: the SMS implemented and operated (4.5.3), its monitoring and review by
 * management (4.5.4), and change management's record (9.2). S09 operates the services; S12 reviews the SMS.
 */
export const SMS_REPORT_SERVES = { scenarios: ['S09', 'S12'], clauses: ['4.5.3', '4.5.4', '9.2'] } as const;

const DAY = 86_400_000;
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

export interface RuleDenials {
  rule: string;
  clauses: string[];
  count: number;
  stacks: string[];
}

export interface WaiverInForce {
  id: string;
  rule: string;
  expires: string;
  approver: string;
  reason: string;
  /** Findings it accepted in the month's gate runs. */
  applied: number;
  /** First recorded by a gate run of this month. */
  granted: boolean;
  /** At the end of the month: still in force, expired during it, or expired before it (and still on file). */
  state: 'in force' | 'expired this month' | 'expired before';
}

export interface SlaBreach {
  customer: string;
  service: string;
  targetPercent: number;
  achievedPercent: number;
  /** Improvements raised from it: a measurement for this customer and service, raised since the month began. */
  improvements: Improvement[];
}

export interface PoolState {
  pool: string;
  unit: string;
  size: number;
  used: number;
  warnAtPercent: number;
  percent: number;
  state: 'ok' | 'warning' | 'over';
  /** Customers whose measured use of the pool reached its alert threshold (or quota) this month. */
  measured: Array<{ customer: string; peak: number | null; overQuota: boolean }>;
}

export interface SmsReport {
  provider: ProviderContext;
  period: string;
  start: number;
  end: number;
  gate: {
    runs: number;
    /** Distinct revisions the runs checked: the changes that went through the gate. */
    changes: number;
    /** Runs made outside git, whose revision is not recorded. */
    withoutRevision: number;
    failedRuns: number;
    evaluations: Record<'passed' | 'warned' | 'failed' | 'error' | 'invalid', number>;
    denials: number;
    byRule: RuleDenials[];
    byClause: Array<{ clause: string; count: number }>;
    byDay: Array<{ day: string; runs: number; failed: number }>;
  };
  waivers: WaiverInForce[];
  expiredMatches: number;
  applies: { byOutcome: Record<string, number>; applied: Array<{ at: number; stack: string; operation: string; target: string }> };
  reports: IssuedReport[];
  breaches: SlaBreach[];
  improvements: { opened: Improvement[]; closed: Improvement[]; openAtEnd: number };
  pools: PoolState[];
}

const within = (t: number, start: number, end: number) => t >= start && t < end;
const runFailed = (r: GateRun) => r.decisions.some((d) => d.status === 'failed' || d.status === 'error' || d.status === 'invalid');

function gateFigures(runs: GateRun[], start: number, end: number): SmsReport['gate'] {
  const evaluations = { passed: 0, warned: 0, failed: 0, error: 0, invalid: 0 };
  const rules = new Map<string, RuleDenials>();
  const clauses = new Map<string, number>();
  let denials = 0;
  for (const run of runs) {
    for (const d of run.decisions) {
      evaluations[d.status as keyof typeof evaluations]++;
      for (const f of d.findings.filter((x) => x.level === 'deny' && !x.waiver)) {
        denials++;
        const r = rules.get(f.id) ?? { rule: f.id, clauses: f.clauses, count: 0, stacks: [] };
        r.count++;
        if (!r.stacks.includes(d.stack)) r.stacks.push(d.stack);
        rules.set(f.id, r);
        for (const c of f.clauses) clauses.set(c, (clauses.get(c) ?? 0) + 1);
      }
    }
  }
  const days = Array.from({ length: Math.round((end - start) / DAY) }, (_, i) => day(start + i * DAY));
  return {
    runs: runs.length,
    changes: new Set(runs.map((r) => r.commit).filter((c): c is string => !!c)).size,
    withoutRevision: runs.filter((r) => !r.commit).length,
    failedRuns: runs.filter(runFailed).length,
    evaluations,
    denials,
    byRule: [...rules.values()].map((r) => ({ ...r, stacks: r.stacks.sort() })).sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule)),
    byClause: sortClauses(clauses.keys()).map((clause) => ({ clause, count: clauses.get(clause)! })),
    byDay: days.map((d) => ({ day: d, runs: runs.filter((r) => day(r.at) === d).length, failed: runs.filter((r) => day(r.at) === d && runFailed(r)).length })),
  };
}

/** Waivers the month's gate runs recorded: in force at its end, granted in it, expired in it, and how often each applied. */
function waiverFigures(log: EvidenceLog, start: number, end: number): Pick<SmsReport, 'waivers' | 'expiredMatches'> {
  const runs = log.gateRuns.filter((r) => within(r.at, start, end));
  const firstSeen = new Map<string, number>();
  for (const run of log.gateRuns) for (const w of run.waivers) if (!firstSeen.has(w.id)) firstSeen.set(w.id, run.at);
  const latest = new Map<string, GateRun['waivers'][number]>();
  for (const run of runs) for (const w of run.waivers) latest.set(w.id, w);
  const lastDay = day(end - DAY);
  const firstDay = day(start);
  const waivers = [...latest.values()]
    .map((w) => ({
      ...w,
      applied: runs.reduce((n, r) => n + r.waiversApplied.filter((a) => a === w.id).length, 0),
      granted: within(firstSeen.get(w.id)!, start, end),
      state: (w.expires >= lastDay ? 'in force' : w.expires >= firstDay ? 'expired this month' : 'expired before') as WaiverInForce['state'],
    }))
    .sort((a, b) => a.expires.localeCompare(b.expires) || a.id.localeCompare(b.id));
  return { waivers, expiredMatches: runs.reduce((n, r) => n + r.waiversExpired.length, 0) };
}

function poolStates(cat: Catalogue, reports: IssuedReport[]): PoolState[] {
  return Object.entries(buildLedger(cat).pools)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([pool, p]) => {
      const percent = Math.round((p.used * 1000) / p.size) / 10;
      return {
        pool,
        unit: p.unit,
        size: p.size,
        used: p.used,
        warnAtPercent: p.warn_at_percent,
        percent,
        state: p.used > p.size ? 'over' : percent >= p.warn_at_percent ? 'warning' : 'ok',
        measured: reports.flatMap((r) => r.capacity.filter((c) => c.pool === pool && (c.warning || c.overQuota)).map((c) => ({ customer: r.customer, peak: c.peak, overQuota: c.overQuota }))),
      };
    });
}

/**
 * The month's record of the SMS in operation (4.5.3), from what csm wrote and what the catalogue says: gate
 * runs and their outcomes (evidence), waivers, plans applied, service reports issued and the SLA breaches in
 * them with the improvements they opened, improvements opened and closed (improvements.yaml), and every
 * capacity pool against its thresholds (the ledger). Everything is recomputed from the records themselves.
 */
export function smsReport(cat: Catalogue, period: string, log: EvidenceLog, reports: IssuedReport[]): SmsReport {
  const { start, end } = monthBounds(period);
  const runs = log.gateRuns.filter((r) => within(r.at, start, end));
  const applies = log.applies.filter((a) => within(a.at, start, end));
  const byOutcome: Record<string, number> = {};
  for (const a of applies) byOutcome[a.outcome] = (byOutcome[a.outcome] ?? 0) + 1;
  const firstDay = day(start);
  const lastDay = day(end - DAY);
  const inMonth = (date: string | undefined) => !!date && date >= firstDay && date <= lastDay;
  const breaches = reports.flatMap((r) =>
    r.services
      .filter((s) => s.breach)
      .map((s) => ({
        customer: r.customer,
        service: s.service,
        targetPercent: s.targetPercent,
        achievedPercent: s.achievedPercent,
        improvements: cat.improvements.filter((i) => i.source === 'measurement' && i.customer === r.customer && i.service === s.service && i.raised >= firstDay),
      })),
  );
  return {
    provider: cat.provider,
    period,
    start,
    end,
    gate: gateFigures(runs, start, end),
    ...waiverFigures(log, start, end),
    applies: {
      byOutcome,
      applied: applies.filter((a) => a.outcome === 'applied').map((a) => ({ at: a.at, stack: a.stack ?? '', operation: a.operation ?? '', target: a.target ?? '' })),
    },
    reports,
    breaches,
    improvements: {
      opened: cat.improvements.filter((i) => inMonth(i.raised)),
      closed: cat.improvements.filter((i) => inMonth(i.closed)),
      openAtEnd: cat.improvements.filter((i) => i.raised <= lastDay && !(i.closed && i.closed <= lastDay)).length,
    },
    pools: poolStates(cat, reports),
  };
}
