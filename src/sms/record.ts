import { REPORT_KINDS } from '../records/service-reports';
import { SMS_REPORT_SERVES, type SmsReport } from './model';

/**
 * The machine-readable record beside the SMS report: its figures and the clauses it serves, so `csm trace` (and
 * an auditor's script) find it without reading HTML. Input files are named, not copied.
 */
export function smsReportRecord(r: SmsReport): object {
  const ids = (list: Array<{ id: string }>) => list.map((i) => i.id);
  return {
    kind: REPORT_KINDS.sms,
    provider: r.provider.id,
    period: r.period,
    clauses: [...SMS_REPORT_SERVES.clauses],
    scenarios: [...SMS_REPORT_SERVES.scenarios],
    gate: { runs: r.gate.runs, changes: r.gate.changes, withoutRevision: r.gate.withoutRevision, failedRuns: r.gate.failedRuns, evaluations: r.gate.evaluations, denials: r.gate.denials, byRule: r.gate.byRule, byClause: r.gate.byClause },
    waivers: r.waivers.map(({ id, rule, expires, approver, state, applied, granted }) => ({ id, rule, expires, approver, state, applied, granted })),
    expiredWaiverMatches: r.expiredMatches,
    applies: { byOutcome: r.applies.byOutcome, applied: r.applies.applied.map((a) => ({ ...a, at: new Date(a.at).toISOString() })) },
    serviceReports: r.reports.map((s) => ({ customer: s.customer, file: s.file, breaches: s.services.filter((x) => x.breach).map((x) => x.service) })),
    slaBreaches: r.breaches.map((b) => ({ customer: b.customer, service: b.service, targetPercent: b.targetPercent, achievedPercent: b.achievedPercent, improvements: ids(b.improvements) })),
    improvements: { opened: ids(r.improvements.opened), closed: ids(r.improvements.closed), openAtEnd: r.improvements.openAtEnd },
    capacity: r.pools.map(({ pool, unit, size, used, percent, warnAtPercent, state, measured }) => ({ pool, unit, size, used, percent, warnAtPercent, state, measured })),
  };
}
