import * as fs from 'fs';
import * as path from 'path';
import type { Command } from '../command';
import { UsageError, str } from '../command';
import { catalogueFrom, outdirFrom, pathArg, protectedFolders, sourceFolders, csmFolder } from '../catalogue-arg';
import { OutputRefusedError, checkOutputDir, checkOutputFile } from '../../files/output-target';
import { withNewline, writeFileAtomic } from '../../files/write-atomic';
import { withStacksLocked } from '../../files/stack-lock';
import { STATE_DIR } from '../../terraform/plan';
import { onboardStackName } from '../../../stacks/onboard';
import type { Catalogue } from '../../model/types';
import { nowFrom, timeoutFrom, waiversFile, waiversFrom } from '../gate-args';
import { runCheck, catalogueAtRevision } from '../../check/run-check';
import { affectedCustomers } from '../../check/changed';
import { changedFiles, gitToplevel, resolveCommit } from '../../git/revision';
import { writeEvidence, hashFiles } from '../../check/evidence';
import { compiledPolicies } from '../../check/policies';
import { DEFAULT_BUNDLE_DIR } from '../../policy/bundle';
import { exitCodeOf, summaryLine } from '../../check/report';
import { isCsmProject, noCatalogue, SHIPPED_POLICIES, userBundleDir } from '../../check/standalone';
import { checkCatalogueSubjects } from '../../check/catalogue-subjects';
import { checkedRuleStatements } from '../../policy/statements';
import { formatText } from '../../outputs/text';
import { formatJson } from '../../outputs/json';
import { formatSarif } from '../../outputs/sarif';
import { formatJunit } from '../../outputs/junit';
import type { Gate } from '../../view/resource';

const FORMATS = { text: formatText, json: formatJson, sarif: formatSarif, junit: formatJunit } as const;

export const checkCommand: Command = {
  name: 'check',
  summary: 'Validate, synthesize and evaluate the policy gates (agreement, security, capacity, lifecycle) for CI.',
  usage: 'csm check [customer...] [--base <git-ref>] [--plan] [--plan-json file...] [--format text|json|sarif|junit] [--output file]',
  description:
    'Checks every customer (or those named, or with --base only those a change touches) at the synth gate, and\n' +
    'with --plan also at the plan gate (real terraform plan). Prints one line per finding and a summary line;\n' +
    'writes an evidence record to evidence/. Exit 1 on any denial or on a policy that cannot decide (fail closed).\n' +
    '\n' +
    'With --plan-json, judges plans made elsewhere (`terraform show -json`), each file its own result. Outside a\n' +
    'csm project (no catalogue folder) it needs nothing else: the generic AWS pack shipped with csm judges every\n' +
    'resource, and nothing is written in the current directory unless asked (--evidence, --output). A file that\n' +
    'is not a plan (a state, a `plan -json` log, malformed, errored) is bad input: exit 2, the worst of a run.',
  options: [
    { name: 'base', value: 'git-ref', description: 'check only what changed since this revision; deletes are seen by comparing with its synth' },
    { name: 'plan', description: 'also run terraform plan and evaluate the plan gate' },
    { name: 'plan-json', value: 'file', repeat: true, description: 'evaluate an existing `terraform show -json` plan at the plan gate (repeatable; no synth)' },
    { name: 'allow-partial', description: 'judge what a partial plan shows (-target, deferred changes) instead of failing it' },
    { name: 'changed-only', description: 'with --plan-json: report only resources the plan changes (or that drifted) and what those name' },
    { name: 'source-root', value: 'dir', description: 'with --plan-json: the Terraform sources the plans come from; findings point at their resource blocks' },
    { name: 'format', value: 'fmt', description: 'text (default), json, sarif or junit' },
    { name: 'output', value: 'file', description: 'write the formatted report here (the summary line still goes to stdout); never an existing file without --force, never inside the catalogue, policies, .csm or evidence' },
    { name: 'force', description: 'let --output replace an existing file' },
    { name: 'policies', value: 'dir', description: 'policy folder (default: policies; outside a csm project, the policies shipped with csm), compiled in every run' },
    { name: 'bundle', value: 'dir', description: 'use this prebuilt bundle (csm policy build); it must match the policy sources' },
    { name: 'waivers', value: 'file', description: 'waivers file (default: <catalogue>/waivers.yaml)' },
    { name: 'evidence', value: 'dir', description: 'evidence folder (default: evidence; outside a csm project, none unless given)' },
    { name: 'no-evidence', description: 'do not write an evidence record' },
    { name: 'out', value: 'dir', description: 'synth output folder (default: cdktf.out)' },
    { name: 'now', value: 'iso-time', description: 'evaluation time (default: the current time); lets a run be replayed' },
    { name: 'timeout', value: 'ms', description: 'time bound per policy evaluation (default: 10000)' },
  ],
  async run(args, io) {
    const format = (str(args, 'format') ?? 'text') as keyof typeof FORMATS;
    if (!FORMATS[format]) throw new UsageError(`--format must be one of: ${Object.keys(FORMATS).join(', ')}`);
    const now = nowFrom(args);
    const timeoutMs = timeoutFrom(args);

    const planJsonFiles = ((args.options['plan-json'] as string[] | undefined) ?? []).map((f) => pathArg(io, f));
    for (const f of planJsonFiles) if (!fs.existsSync(f) || !fs.statSync(f).isFile()) throw new UsageError(`--plan-json ${f}: no such file`);
    const sourceRoot = str(args, 'source-root');
    if (sourceRoot && !fs.existsSync(pathArg(io, sourceRoot))) throw new UsageError(`--source-root ${sourceRoot}: no such folder`);
    // Outside a csm project (no catalogue named and none here), --plan-json gates plans on its own.
    const standalone = planJsonFiles.length > 0 && str(args, 'catalogue') === undefined && !isCsmProject(pathArg(io, 'catalogue'));
    if (standalone) {
      for (const [given, option] of [[args.positionals.length > 0, 'customer names'], [str(args, 'base'), '--base'], [args.options.plan, '--plan']] as const) {
        if (given) throw new UsageError(`${option}: only in a csm project (a catalogue folder); outside one, csm check judges --plan-json files only`);
      }
    }
    const catalogue = standalone ? noCatalogue() : catalogueFrom(args, io);
    const policiesDir = str(args, 'policies') ? pathArg(io, str(args, 'policies')!) : standalone ? SHIPPED_POLICIES : pathArg(io, 'policies');
    // Where the results go is checked before any work: a run that cannot deliver its report writes no evidence.
    // Outside a project, no evidence unless asked.
    const evidenceArg = str(args, 'evidence') ? pathArg(io, str(args, 'evidence')!) : standalone ? undefined : pathArg(io, 'evidence');
    const protect = protectedFolders(io, catalogue.root, policiesDir, evidenceArg, outdirFrom(args, io));
    const output = str(args, 'output') && checkOutputFile(pathArg(io, str(args, 'output')!), { option: '--output', protect, force: args.options.force === true });
    const evidenceDir = args.options['no-evidence'] || !evidenceArg ? undefined : checkOutputDir(evidenceArg, { option: '--evidence', protect: sourceFolders(io, catalogue.root, policiesDir) });
    for (const name of args.positionals) if (!catalogue.customers.has(name)) throw new UsageError(`unknown customer "${name}"`);

    let customers = planJsonFiles.length && !args.positionals.length ? [] : args.positionals.length ? args.positionals : [...catalogue.customers.keys()].sort();
    const base = str(args, 'base');
    let baseCatalogue: Catalogue | undefined;
    let everything = true;
    if (base) {
      // Resolved to a commit id first: no text the user gave reaches git as an option.
      const repoRoot = gitToplevel(catalogue.root);
      const commit = resolveCommit(base, catalogue.root);
      baseCatalogue = catalogueAtRevision(commit, catalogue.root);
      const affected = affectedCustomers(catalogue, changedFiles(commit, repoRoot), path.relative(repoRoot, path.resolve(catalogue.root)), baseCatalogue);
      customers = customers.filter((c) => affected.customers.includes(c));
      everything = affected.all;
      for (const c of customers) io.err(`checking ${c}: ${affected.reasons[c]}`);
    }

    const bundle = str(args, 'bundle');
    const buildDir = standalone ? userBundleDir(policiesDir) : csmFolder(io, DEFAULT_BUNDLE_DIR);
    const policies = await compiledPolicies(policiesDir, { bundle: bundle && pathArg(io, bundle), buildDir, onBuild: (m) => io.err(m) });
    // Waivers name rules: the ones the compiled policies define. Outside a project, only a file given as --waivers.
    const waiversGiven = !standalone || str(args, 'waivers') !== undefined;
    const waivers = waiversGiven ? waiversFrom(args, io, catalogue, policies.rules.map((r) => r.id)) : [];
    // Rules name the policy statements they implement: each must be one the service management policy makes.
    if (!standalone) checkedRuleStatements(catalogue, policiesDir);
    const gates: Gate[] = args.options.plan ? ['synth', 'plan'] : ['synth'];
    const inputHashes: Record<string, string> = {};
    const planHashes: Record<string, string> = {};
    const work = () =>
      runCheck({
        catalogue,
        policies,
        waivers,
        outdir: outdirFrom(args, io),
        stateDir: csmFolder(io, STATE_DIR),
        customers,
        planJsonFiles,
        gates,
        baseCatalogue,
        now,
        timeoutMs,
        inputHashes,
        planHashes,
        allowPartial: !!args.options['allow-partial'],
        changedOnly: !!args.options['changed-only'],
        sourceRoot: sourceRoot && pathArg(io, sourceRoot),
        cwd: io.cwd,
        onStack: (r, i, total) => io.err(`[${i}/${total}] ${r.stack} [${r.gate}]: ${r.status} (${r.seconds.toFixed(2)} s)`),
      });
    // Planning runs Terraform against each tenancy's state: one plan or apply per tenancy at a time.
    const report = args.options.plan ? await withStacksLocked(pathArg(io, '.'), customers.map(onboardStackName), ['csm', 'check', ...args.positionals].join(' '), work) : await work();

    // The catalogue itself when the whole of it is checked (no customers named, no plans made elsewhere): the
    // management policy, and the design review of every active or deprecated service (with --base, those the change touches).
    if (!args.positionals.length && !planJsonFiles.length) {
      await checkCatalogueSubjects(report, { catalogue, base: baseCatalogue, everything, policies, waivers, outdir: outdirFrom(args, io), stateDir: csmFolder(io, STATE_DIR), gates, now, timeoutMs, inputHashes, onResult: (r) => io.err(`${r.stack} [${r.gate}]: ${r.status} (${r.seconds.toFixed(2)} s)`) });
    }

    if (evidenceDir) {
      report.evidence = writeEvidence(evidenceDir, report, {
        command: ['csm', 'check', ...process.argv.slice(3)],
        // Every file the run read: the catalogue, the policies, the waivers, and the plans, each plan by the hash
        // of the bytes judged (a file replaced since is not what was judged).
        inputs: {
          ...hashFiles([catalogue.root, policiesDir, waiversGiven ? waiversFile(args, io, catalogue) : '', ...planJsonFiles].filter(Boolean)),
          ...Object.fromEntries(Object.entries(planHashes).map(([f, h]) => [path.relative(process.cwd(), path.resolve(f)) || f, h])),
        },
        policyBundle: { hash: policies.hash, sources: policies.sources },
        now: now.toISOString(),
        inputHashes,
        waivers: waivers.map(({ id, rule, expires, approver, reason }) => ({ id, rule, expires, approver, reason })),
        projectDir: catalogue.root,
      });
    }

    const rendered = FORMATS[format](report, io.cwd);
    if (output) {
      try {
        writeFileAtomic(output, withNewline(rendered), { mode: args.options.force === true ? 'replace' : 'new' });
      } catch (err) {
        if (report.evidence) retractEvidence(report.evidence, `the report could not be written to ${output}: ${(err as Error).message}`);
        throw new OutputRefusedError(`--output ${output}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}: the report was not written${report.evidence ? `; the evidence record ${report.evidence} says the run did not complete` : ''}`);
      }
      io.out(summaryLine(report.summary));
    } else io.out(rendered);
    return exitCodeOf(report.summary);
  },
};

/**
 * A run whose report could not be written did not complete: its evidence record (written by this run) says so,
 * or, if even that cannot be written, is removed, so no record claims a run that delivered nothing.
 */
function retractEvidence(file: string, why: string): void {
  try {
    const record = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileAtomic(file, JSON.stringify({ ...record, completed: false, error: why }, null, 2) + '\n', { mode: 'replace' });
  } catch {
    fs.rmSync(file, { force: true });
  }
}
