import type { CheckReport, LocatedFinding } from '../check/report';
import { summaryLine } from '../check/report';
import { oneLine } from '../cli/terminal-text';

function where(f: LocatedFinding): string {
  return f.location ? ` (${f.location.file}:${f.location.line}:${f.location.column})` : '';
}

/** One line per finding, then the summary line: what a reviewer reads in the CI log. */
export function formatText(report: CheckReport): string {
  const lines: string[] = [];
  for (const r of report.results) {
    if (r.status === 'error') lines.push(`ERROR  ${r.stack} [${r.gate}]: ${r.error}`);
    if (r.status === 'invalid') lines.push(`INVALID ${r.stack} [${r.gate}]: ${r.error}`);
    if (r.note) lines.push(`NOTE   ${r.stack} [${r.gate}]: ${r.note}`);
    for (const f of r.findings) {
      const tag = f.waiver ? 'WAIVED' : f.level === 'deny' ? 'DENY  ' : 'WARN  ';
      const subject = f.resource ?? f.construct_path ?? r.customer ?? r.stack;
      // A finding is one line, whatever its address or message holds: no value can forge a line of its own.
      lines.push(oneLine(`${tag} ${f.id} ${f.severity} ${r.stack} [${r.gate}] ${subject}: ${f.message} [ISO/IEC 20000-1 ${f.clauses.join(', ')}; ${f.scenario}]${where(f)}`));
      if (f.waiver) lines.push(`       waived by ${f.waiver}`);
      if (f.expiredWaiver) lines.push(`       waiver ${f.expiredWaiver.id} expired on ${f.expiredWaiver.expired}: it no longer applies`);
    }
  }
  lines.push(summaryLine(report.summary));
  if (report.evidence) lines.push(`evidence: ${report.evidence}`);
  return lines.join('\n');
}
