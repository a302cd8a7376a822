import { JsonRecord, jsonFilesUnder } from './json-record';

/** A monthly service report's record (`reports/<customer>/<period>.json`, written by `csm report`). */
export interface IssuedReport {
  file: string;
  customer: string;
  period: string;
  services: Array<{ service: string; targetPercent: number; achievedPercent: number; breach: boolean }>;
  capacity: Array<{ pool: string; peak: number | null; warning: boolean; overQuota: boolean }>;
}

/** The kinds of record csm writes into the reports folder. */
export const REPORT_KINDS = { service: 'service-report', sms: 'sms-report' } as const;

function issued(r: JsonRecord): IssuedReport {
  return {
    file: r.file,
    customer: r.string(['customer']),
    period: r.string(['period']),
    services: Array.from({ length: r.list(['services']) }, (_, i) => ({
      service: r.string(['services', i, 'service']),
      targetPercent: r.number(['services', i, 'targetPercent']),
      achievedPercent: r.number(['services', i, 'achievedPercent']),
      breach: r.boolean(['services', i, 'breach']),
    })),
    capacity: Array.from({ length: r.list(['capacity']) }, (_, i) => ({
      pool: r.string(['capacity', i, 'pool']),
      peak: r.get(['capacity', i, 'peak']) === null ? null : r.number(['capacity', i, 'peak']),
      warning: r.boolean(['capacity', i, 'warning']),
      overQuota: r.boolean(['capacity', i, 'overQuota']),
    })),
  };
}

/**
 * The service reports issued for `period`, read from the reports folder. The SMS reports csm wrote there are
 * passed over; any other file, or a service report not in the shape csm writes, is bad input, located.
 */
export function serviceReportsFor(dir: string, period: string): IssuedReport[] {
  const out: IssuedReport[] = [];
  for (const file of jsonFilesUnder(dir)) {
    const r = JsonRecord.read(file, 'a service report record');
    const kind = r.get(['kind']);
    if (kind === REPORT_KINDS.sms) continue;
    if (kind !== REPORT_KINDS.service) throw r.bad(['kind'], `"${REPORT_KINDS.service}" or "${REPORT_KINDS.sms}"`);
    if (r.string(['period']) === period) out.push(issued(r));
  }
  return out.sort((a, b) => a.customer.localeCompare(b.customer));
}
