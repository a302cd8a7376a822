/**
 * SMS report benchmark: `csm report sms` over an evidence folder that grew for a year, N gate runs (default 100,
 * 1000 and 5000) spread over twelve months, each a copy of one real `csm check` record of the bundled example
 * (its eight evaluations, a denial and a waived finding), re-dated. Every record of the folder is read and
 * checked for its shape each time (a malformed one is bad input wherever it sits), so the cost grows with the
 * folder; the floor beside it is the least any reader of those files does: read and JSON.parse each one.
 * Run: `npm run build && node dist/bench/sms-report.js [N...]`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCatalogue } from '../src/model/load';
import { runCheck } from '../src/check/run-check';
import { compiledPolicies } from '../src/check/policies';
import { writeEvidence } from '../src/check/evidence';
import { checkCatalogueSubjects } from '../src/check/catalogue-subjects';
import { loadWaivers } from '../src/check/waivers';
import { readEvidenceLog } from '../src/records/evidence-log';
import { serviceReportsFor } from '../src/records/service-reports';
import { smsReport } from '../src/sms/model';
import { smsReportHtml } from '../src/sms/render-html';
import { smsReportMarkdown } from '../src/sms/render-markdown';
import { jsonFilesUnder } from '../src/records/json-record';
import { PACKAGE_ROOT } from '../src/package-root';

/** One real record: the example with corvid over its budget, acme's budget denial waived. */
async function template(work: string): Promise<string> {
  const catDir = path.join(work, 'catalogue');
  fs.cpSync(path.join(PACKAGE_ROOT, 'catalogue'), catDir, { recursive: true });
  const edit = (f: string, from: string, to: string) => fs.writeFileSync(path.join(catDir, f), fs.readFileSync(path.join(catDir, f), 'utf8').replace(from, to));
  edit('customers/corvid.yaml', 'budgetCap: 1200', 'budgetCap: 100');
  edit('customers/acme.yaml', 'budgetCap: 3000', 'budgetCap: 100');
  const expires = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  fs.writeFileSync(path.join(catDir, 'waivers.yaml'), `waivers:\n  - id: acme-budget\n    rule: CSM-AGR-006\n    customer: acme\n    reason: The amendment raising the cap is being signed\n    approver: dana.fischer@nimbus.example\n    expires: "${expires}"\n`);
  const catalogue = loadCatalogue(catDir);
  const now = new Date();
  const waivers = loadWaivers(path.join(catDir, 'waivers.yaml'), { catalogue, now });
  const policies = await compiledPolicies(path.join(PACKAGE_ROOT, 'policies'), { buildDir: path.join(work, 'bundle') });
  const outdir = path.join(work, 'out');
  const options = { catalogue, policies, waivers, outdir, gates: ['synth' as const], now, stateDir: path.join(work, 'state') };
  const report = await runCheck({ ...options, customers: [...catalogue.customers.keys()] });
  await checkCatalogueSubjects(report, { ...options, everything: true });
  const file = writeEvidence(path.join(work, 'template'), report, { command: ['csm', 'check'], inputs: {}, policyBundle: null, now: now.toISOString(), inputHashes: {}, waivers, projectDir: PACKAGE_ROOT });
  return fs.readFileSync(file, 'utf8');
}

function folderOf(text: string, n: number, dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const record = JSON.parse(text) as { createdAt: string; revision: unknown };
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < n; i++) {
    const at = new Date(start + Math.floor((i * 365 * 86_400_000) / n));
    fs.writeFileSync(path.join(dir, `${String(i).padStart(6, '0')}.json`), JSON.stringify({ ...record, createdAt: at.toISOString(), revision: { commit: `c${i}`, dirty: false } }, null, 2) + '\n');
  }
}

const seconds = (work: () => void) => {
  const t = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - t) / 1e9;
};

async function main(): Promise<void> {
  const counts = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [100, 1000, 5000];
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-bench-sms-'));
  try {
    const text = await template(work);
    const catalogue = loadCatalogue(path.join(PACKAGE_ROOT, 'catalogue'));
    console.log(`SMS report benchmark: one record of ${(text.length / 1024).toFixed(0)} KiB (8 evaluations) copied over a year, ${os.cpus().length} cores, node ${process.version}`);
    console.log('records     MiB   report s   floor s  ratio  runs in 2026-06');
    for (const n of counts) {
      const dir = path.join(work, `evidence-${n}`);
      folderOf(text, n, dir);
      const files = jsonFilesUnder(dir);
      const mib = files.reduce((s, f) => s + fs.statSync(f).size, 0) / 2 ** 20;
      const floor = seconds(() => files.forEach((f) => JSON.parse(fs.readFileSync(f, 'utf8'))));
      let runs = 0;
      const report = seconds(() => {
        const r = smsReport(catalogue, '2026-06', readEvidenceLog(dir), serviceReportsFor(path.join(work, 'reports'), '2026-06'));
        smsReportHtml(r);
        smsReportMarkdown(r);
        runs = r.gate.runs;
      });
      console.log(`${String(n).padEnd(9)} ${mib.toFixed(1).padStart(5)}  ${report.toFixed(2).padStart(9)}  ${floor.toFixed(2).padStart(8)}  ${(report / floor).toFixed(2).padStart(5)}  ${runs}`);
    }
    console.log(`peak RSS ${Math.round((process.resourceUsage().maxRSS * 1024) / 2 ** 20)} MiB`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
