import type { Command } from '../command';
import { EXIT, UsageError, str } from '../command';
import { catalogueFrom, pathArg, protectedFolders } from '../catalogue-arg';
import { readMetricData } from '../../report/metric-data';
import { serviceReport } from '../../report/model';
import { reportHtml } from '../../report/render-html';
import { reportMarkdown } from '../../report/render-markdown';
import { reportRecord } from '../../report/record';
import { monthBounds } from '../../report/compute';
import { monthQuery } from '../../metrics/queries';
import { poolUse } from '../../model/capacity';
import { writeOutputs } from '../../outputs/write-files';
import { achieved } from '../../render/format';
import { RESERVED_CUSTOMER_ID } from '../../model/cross-check';
import { SMS_REPORT_OPTIONS, runSmsReport } from './report-sms';

export const reportCommand: Command = {
  name: 'report',
  summary: "Monthly service report of a customer (availability, periods below target, capacity), or of the SMS's operation (csm report sms).",
  usage: 'csm report <customer> --period YYYY-MM (--metrics file [--out dir] [--force] | --print-query)  |  csm report sms --period YYYY-MM [--evidence dir] [--reports dir] [--out dir] [--force]',
  description:
    'Reads a CloudWatch GetMetricData export (JSON: MetricDataResults with Id, Label, Timestamps, Values,\n' +
    'StatusCode) and writes <out>/<customer>/<period>.html, .md and .json. Breaches are highlighted; the\n' +
    'report names clauses 6.1 and 6.2. --print-query prints the get-metric-data input that makes the export:\n' +
    '  aws cloudwatch get-metric-data --cli-input-json "$(csm report acme --period 2026-10 --print-query)" > m.json\n' +
    'A report already written for the customer and period is only replaced with --force.\n' +
    '\n' +
    'csm report sms: the month\'s operation report of the service management system for the management review\n' +
    '(4.5.3): gate runs and denials by rule and clause (evidence/), waivers in force, granted and expired, plans\n' +
    'applied, the service reports issued and their SLA breaches with the improvements raised from them, the\n' +
    'improvements opened and closed, every capacity pool against its thresholds; <out>/sms/<period>.html, .md\n' +
    'and .json. A record in evidence/ or reports/ that is not as csm writes it is bad input (exit 2), located.',
  options: [
    { name: 'period', value: 'YYYY-MM', description: 'the calendar month reported (UTC)' },
    { name: 'metrics', value: 'file', description: 'the GetMetricData export to read' },
    { name: 'out', value: 'dir', description: 'output folder (default: reports)' },
    { name: 'force', description: 'replace a report written earlier for the same customer and period' },
    { name: 'print-query', description: 'print the GetMetricData input for the month and exit' },
    ...SMS_REPORT_OPTIONS,
  ],
  async run(args, io) {
    const [customerId, ...extra] = args.positionals;
    if (!customerId) throw new UsageError('name the customer to report on');
    if (extra.length) throw new UsageError(`one customer per report (got also "${extra[0]}")`);
    const period = str(args, 'period');
    if (!period || !/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(period)) throw new UsageError('--period must be a month written YYYY-MM, e.g. 2026-10');
    if (customerId === RESERVED_CUSTOMER_ID) return runSmsReport(args, io, period);
    for (const option of SMS_REPORT_OPTIONS) if (args.options[option.name] !== undefined) throw new UsageError(`--${option.name} is for the SMS report (csm report sms)`);
    const cat = catalogueFrom(args, io);
    const customer = cat.customers.get(customerId);
    if (!customer) throw new UsageError(`unknown customer "${customerId}" (catalogue has: ${[...cat.customers.keys()].join(', ')})`);

    if (args.options['print-query'] === true) {
      const { start, end } = monthBounds(period);
      const services = [...new Set(customer.subscriptions.map((s) => s.service))];
      io.out(JSON.stringify(monthQuery(customer, services, poolUse(cat.services, customer), new Date(start), new Date(end)), null, 2));
      return EXIT.ok;
    }
    const metrics = str(args, 'metrics');
    if (!metrics) throw new UsageError('--metrics <file> is required (or --print-query to see how to export it)');
    const report = serviceReport(cat, customer, period, readMetricData(pathArg(io, metrics)));
    const out = pathArg(io, str(args, 'out') ?? 'reports');
    const base = `${customer.id}/${period}`;
    const written = writeOutputs(
      out,
      [
        { path: `${base}.html`, content: reportHtml(report) },
        { path: `${base}.md`, content: reportMarkdown(report) },
        { path: `${base}.json`, content: JSON.stringify(reportRecord(report), null, 2) + '\n' },
      ],
      args.options.force === true,
      protectedFolders(io, cat.root),
    );
    for (const s of report.services) {
      io.out(`${s.service}: ${achieved(s.achievedPercent)} against ${s.targetPercent} % agreed${s.breach ? '  BREACH' : ''}`);
    }
    io.out(`${report.breaches} breach${report.breaches === 1 ? '' : 'es'}, ${report.incidents.length} periods below target; wrote ${written.join(', ')}`);
    return EXIT.ok;
  },
};
