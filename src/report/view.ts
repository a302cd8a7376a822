import { achieved, duration, percent, units } from '../render/format';
import type { ServiceReport } from './model';

/**
 * The report's figures as the reader sees them, formatted once for both the HTML and the Markdown renderer.
 * Nothing is computed here beyond turning numbers into text.
 */
export const when = (t: number) => `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export function monthName(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return `${new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })} ${y}`;
}

export interface Row {
  cells: string[];
  breach?: boolean;
  warn?: boolean;
}

export const AVAILABILITY_HEAD = ['service', 'tier', 'agreed', 'achieved', 'downtime', 'allowed', 'data', 'result'];

export function availabilityRows(r: ServiceReport): Row[] {
  return r.services.map((s) => ({
    breach: s.breach,
    cells: [
      s.serviceName,
      s.tier,
      percent(s.targetPercent),
      achieved(s.achievedPercent),
      duration(s.lostMinutes),
      duration(s.allowedMinutes),
      `${s.present} of ${s.slots.length} × ${duration(s.slotMinutes)}${s.incomplete ? ' (export incomplete)' : ''}`,
      s.breach ? 'BREACH' : 'met',
    ],
  }));
}

export const INCIDENT_HEAD = ['service', 'from', 'to', 'duration', 'lowest', 'downtime'];

export function incidentRows(r: ServiceReport): Row[] {
  return r.incidents.map((i) => {
    const service = r.services.find((s) => s.service === i.service)!;
    const noData = i.missingSlots * service.slotMinutes === i.minutes;
    return {
      breach: service.breach,
      cells: [i.serviceName, when(i.start), when(i.end), duration(i.minutes), noData ? 'no data' : percent(i.lowestPercent), duration(i.lostMinutes)],
    };
  });
}

export const CAPACITY_HEAD = ['pool', 'subscribed', 'peak', 'mean', 'alert at', 'quota', 'result'];

export function capacityRows(r: ServiceReport): Row[] {
  return r.pools.map((p) => ({
    breach: p.overQuota,
    warn: p.warning && !p.overQuota,
    cells: [
      p.pool,
      units(p.subscribed, p.unit),
      p.peak ? `${units(p.peak.v, p.unit)} (${when(p.peak.t).slice(0, 10)})` : 'no data',
      p.mean !== undefined ? units(p.mean, p.unit) : 'no data',
      `${units(p.warnAt, p.unit)} (${p.warnAtPercent} %)`,
      units(p.quota, p.unit),
      p.overQuota ? 'OVER QUOTA' : p.warning ? 'warning' : p.peak ? 'ok' : 'no data',
    ],
  }));
}

export function summary(r: ServiceReport): string {
  const breached = r.services.filter((s) => s.breach);
  const parts = breached.map((s) => `${s.serviceName} achieved ${achieved(s.achievedPercent)} against the agreed ${percent(s.targetPercent)}`);
  parts.push(...r.pools.filter((p) => p.overQuota).map((p) => `pool ${p.pool} peaked above the quota`));
  const head = r.breaches ? `${r.breaches} breach${r.breaches === 1 ? '' : 'es'} of the agreement: ${parts.join('; ')}.` : 'Every agreed target was met.';
  const warn = r.warnings ? ` ${r.warnings} capacity pool${r.warnings === 1 ? '' : 's'} reached the alert threshold.` : '';
  return `${head}${warn} ${r.incidents.length} period${r.incidents.length === 1 ? '' : 's'} below target.`;
}

export const METHOD =
  'Availability is the mean of the month’s slot values: the month is cut into slots of the export’s period ' +
  '(one hour in the standard export), each holding the mean of the probe’s 5-minute availability values, in percent. ' +
  'A slot without a value counts as 0 %, as the SLA alarm treats missing data. Downtime is the sum over slots of ' +
  '(100 − value) % of the slot’s length. A period below target is a run of consecutive slots under the agreed level.';

export const CLAUSES_TEXT = 'This report serves ISO/IEC 20000-1 clause 6.1 (service level management: achieved against the agreed targets) and clause 6.2 (service reporting).';
