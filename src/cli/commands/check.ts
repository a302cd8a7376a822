import * as fs from 'fs';
import * as path from 'path';
import type { Command } from '../command';
import { EXIT, UsageError, str } from '../command';
import { catalogueFrom, outdirFrom, pathArg } from '../catalogue-arg';
import { nowFrom, timeoutFrom, waiversFile, waiversFrom } from '../gate-args';
import { runCheck, catalogueAtRevision } from '../../check/run-check';
import { affectedCustomers } from '../../check/changed';
import { changedFiles, gitToplevel, resolveCommit } from '../../git/revision';
import { writeEvidence, hashFiles } from '../../check/evidence';
import { compiledPolicies } from '../../check/policies';
import { DEFAULT_BUNDLE_DIR } from '../../policy/bundle';
import { summaryLine } from '../../check/report';
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
  usage: 'csm check [customer...] [--base <git-ref>] [--plan] [--format text|json|sarif|junit] [--output file]',
  description:
    'Checks every customer (or those named, or with --base only those a change touches) at the synth gate, and\n' +
    'with --plan also at the plan gate (real terraform plan). Prints one line per finding and a summary line;\n' +
    'writes an evidence record to evidence/. Exit 1 on any denial or on a policy that cannot decide (fail closed).',
  options: [
    { name: 'base', value: 'git-ref', description: 'check only what changed since this revision; deletes are seen by comparing with its synth' },
    { name: 'plan', description: 'also run terraform plan and evaluate the plan gate' },
    { name: 'plan-json', value: 'file', repeat: true, description: 'evaluate an existing `terraform show -json` plan at the plan gate (repeatable; no synth)' },
    { name: 'format', value: 'fmt', description: 'text (default), json, sarif or junit' },
    { name: 'output', value: 'file', description: 'write the formatted report here (the summary line still goes to stdout)' },
    { name: 'policies', value: 'dir', description: 'policy folder (default: policies), built into .csm/policy-bundle when it changed' },
    { name: 'bundle', value: 'dir', description: 'use this prebuilt bundle (csm policy build); it must match the policy sources' },
    { name: 'waivers', value: 'file', description: 'waivers file (default: <catalogue>/waivers.yaml)' },
    { name: 'evidence', value: 'dir', description: 'evidence folder (default: evidence)' },
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

    const catalogue = catalogueFrom(args, io);
    for (const name of args.positionals) if (!catalogue.customers.has(name)) throw new UsageError(`unknown customer "${name}"`);

    const planJsonFiles = ((args.options['plan-json'] as string[] | undefined) ?? []).map((f) => pathArg(io, f));
    for (const f of planJsonFiles) if (!fs.existsSync(f) || !fs.statSync(f).isFile()) throw new UsageError(`--plan-json ${f}: no such file`);
    let customers = planJsonFiles.length && !args.positionals.length ? [] : args.positionals.length ? args.positionals : [...catalogue.customers.keys()].sort();
    const base = str(args, 'base');
    let baseCatalogue;
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

    const policiesDir = pathArg(io, str(args, 'policies') ?? 'policies');
    const bundle = str(args, 'bundle');
    const policies = await compiledPolicies(policiesDir, { bundle: bundle && pathArg(io, bundle), buildDir: pathArg(io, DEFAULT_BUNDLE_DIR), onBuild: (m) => io.err(m) });
    // Waivers name rules: the ones the compiled policies define.
    const waivers = waiversFrom(args, io, catalogue, policies.rules.map((r) => r.id));
    checkedRuleStatements(catalogue, policiesDir);
    const gates: Gate[] = args.options.plan ? ['synth', 'plan'] : ['synth'];
    const inputHashes: Record<string, string> = {};
    const report = await runCheck({
      catalogue,
      policies,
      waivers,
      outdir: outdirFrom(args, io),
      customers,
      planJsonFiles,
      gates,
      baseCatalogue,
      now,
      timeoutMs,
      inputHashes,
      onStack: (r, i, total) => io.err(`[${i}/${total}] ${r.stack} [${r.gate}]: ${r.status} (${r.seconds.toFixed(2)} s)`),
    });

    // The catalogue itself when the whole of it is checked (no customers named, no plans made elsewhere): the
    // management policy, and the design review of every service past draft (with --base, those the change touches).
    if (!args.positionals.length && !planJsonFiles.length) {
      await checkCatalogueSubjects(report, { catalogue, base: baseCatalogue, everything, policies, waivers, outdir: outdirFrom(args, io), gates, now, timeoutMs, inputHashes, onResult: (r) => io.err(`${r.stack} [${r.gate}]: ${r.status} (${r.seconds.toFixed(2)} s)`) });
    }

    if (!args.options['no-evidence']) {
      report.evidence = writeEvidence(pathArg(io, str(args, 'evidence') ?? 'evidence'), report, {
        command: ['csm', 'check', ...process.argv.slice(3)],
        // Every file the run read: the catalogue, the policies, the waivers, and the plans evaluated as they are.
        inputs: hashFiles([catalogue.root, policiesDir, waiversFile(args, io, catalogue), ...planJsonFiles]),
        policyBundle: { hash: policies.hash, sources: policies.sources },
        now: now.toISOString(),
        inputHashes,
        waivers: waivers.map(({ id, rule, expires, approver, reason }) => ({ id, rule, expires, approver, reason })),
      });
    }

    const rendered = FORMATS[format](report);
    const output = str(args, 'output');
    if (output) {
      fs.writeFileSync(pathArg(io, output), rendered.endsWith('\n') ? rendered : rendered + '\n');
      io.out(summaryLine(report.summary));
    } else io.out(rendered);
    return report.summary.failures > 0 ? EXIT.failure : EXIT.ok;
  },
};
