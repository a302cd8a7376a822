import type { Io, ParsedArgs } from '../command';
import { EXIT, UsageError, str } from '../command';
import { catalogueFrom, pathArg, protectedFolders } from '../catalogue-arg';
import { readEvidenceLog } from '../../records/evidence-log';
import { serviceReportsFor } from '../../records/service-reports';
import { smsReport } from '../../sms/model';
import { smsReportHtml } from '../../sms/render-html';
import { smsReportMarkdown } from '../../sms/render-markdown';
import { smsReportRecord } from '../../sms/record';
import { summary } from '../../sms/view';
import { writeOutputs } from '../../outputs/write-files';

/** Options of `csm report` that only the SMS report reads. */
export const SMS_REPORT_OPTIONS = [
  { name: 'evidence', value: 'dir', description: 'sms: the evidence records to read (default: evidence)' },
  { name: 'reports', value: 'dir', description: 'sms: the service reports to read (default: the --out folder)' },
];

/**
 * `csm report sms --period YYYY-MM`: the month's operation report of the SMS (4.5.3) for the management review,
 * from the evidence folder, the service reports, the improvement register and the catalogue's capacity. Writes
 * `<out>/sms/<period>.html`, `.md` and `.json`; a malformed record is bad input, located (exit 2).
 */
export async function runSmsReport(args: ParsedArgs, io: Io, period: string): Promise<number> {
  for (const option of ['metrics', 'print-query']) if (args.options[option] !== undefined) throw new UsageError(`--${option} is for a customer's service report, not the SMS report`);
  const cat = catalogueFrom(args, io);
  const out = pathArg(io, str(args, 'out') ?? 'reports');
  const evidence = pathArg(io, str(args, 'evidence') ?? 'evidence');
  const report = smsReport(cat, period, readEvidenceLog(evidence), serviceReportsFor(pathArg(io, str(args, 'reports') ?? out), period));
  const written = writeOutputs(
    out,
    [
      { path: `sms/${period}.html`, content: smsReportHtml(report) },
      { path: `sms/${period}.md`, content: smsReportMarkdown(report) },
      { path: `sms/${period}.json`, content: JSON.stringify(smsReportRecord(report), null, 2) + '\n' },
    ],
    args.options.force === true,
    protectedFolders(io, cat.root, undefined, evidence),
  );
  io.out(summary(report));
  io.out(`wrote ${written.join(', ')}`);
  return EXIT.ok;
}
