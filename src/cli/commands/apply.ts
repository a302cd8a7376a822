import type { Command } from '../command';
import { EXIT, UsageError, str } from '../command';
import { catalogueFrom, pathArg, sourceFolders } from '../catalogue-arg';
import { compiledPolicies } from '../../check/policies';
import { DEFAULT_BUNDLE_DIR } from '../../policy/bundle';
import { catalogueAtRevision } from '../../check/run-check';
import { STATE_DIR } from '../../terraform/plan';
import { checkOutputDir } from '../../files/output-target';
import { applyPlan } from '../../lifecycle/apply';
import { commandLine, lifecycleOptions } from './lifecycle-args';
import { timeoutFrom, waiversFrom } from '../gate-args';

export const applyCommand: Command = {
  name: 'apply',
  summary: 'Apply exactly a reviewed lifecycle plan; refuse one that changed or whose gate did not pass.',
  usage: 'csm apply <plans/<stamp>.tfplan | plans/<stamp>.record.json> [--evidence dir]',
  description:
    'The record and every file it names are copied into a private folder first; csm checks the copies and hands\n' +
    'Terraform the copied plan file, so what was checked is what runs. Before `terraform apply` it checks: the\n' +
    'gate passed; the plan, its JSON and every review document (decisions, summaries, exit plan) are the bytes\n' +
    'the record pins; the stack synthesized from the catalogue now is the one planned, and the plan file was made\n' +
    'from it against this project\'s state; `terraform show -json` of the plan file is the reviewed JSON; both\n' +
    'gates evaluated again now, at the real clock, decide as reviewed; the review documents are what the plan and\n' +
    'the catalogue give. Any difference refuses (exit 1) with the reasons. The catalogue and policies are the\n' +
    'project\'s (--catalogue, --policies), never folders a record names. One apply or plan per tenancy at a time.\n' +
    'Every attempt leaves an evidence record, written before anything runs and completed after (refused,\n' +
    'applied, failed, interrupted); if it cannot be written, nothing is applied (exit 2).',
  options: [
    ...lifecycleOptions.filter((o) => o.name !== 'base' && o.name !== 'now'),
    { name: 'now', value: 'iso-time', description: 'refused: apply always evaluates at the real clock' },
    { name: 'evidence', value: 'dir', description: 'evidence folder (default: evidence)' },
  ],
  async run(args, io) {
    if (args.positionals.length !== 1) throw new UsageError('apply takes one plan (the .tfplan or its .record.json)');
    if (args.options.now !== undefined) {
      throw new UsageError('--now is refused at apply: the gates are evaluated again at the real clock, so a date-bound rule (a protection lifted only after the effective date) cannot be moved; --now belongs to csm plan and csm check');
    }
    const timeoutMs = timeoutFrom(args);
    const catalogue = catalogueFrom(args, io);
    const policiesDir = pathArg(io, str(args, 'policies') ?? 'policies');
    const evidenceDir = checkOutputDir(pathArg(io, str(args, 'evidence') ?? 'evidence'), { option: '--evidence', protect: sourceFolders(io, catalogue.root, policiesDir) });
    const outcome = await applyPlan(
      pathArg(io, args.positionals[0]),
      {
        catalogue,
        policies: () => compiledPolicies(policiesDir, { buildDir: pathArg(io, DEFAULT_BUNDLE_DIR), onBuild: (m) => io.err(m) }),
        waivers: (ruleIds) => waiversFrom(args, io, catalogue, ruleIds),
        baseAt: (commit) => catalogueAtRevision(commit, catalogue.root),
        evidenceDir,
        projectDir: pathArg(io, '.'),
        stateDir: pathArg(io, STATE_DIR),
        command: commandLine(args, 'apply'),
        timeoutMs,
      },
      (l) => io.err(l),
    );
    const what = outcome.record ? `${outcome.record.stack} (${outcome.record.plan.file})` : args.positionals[0];
    if (outcome.status === 'applied') io.out(`csm apply: applied ${what}`);
    else {
      io.out(`csm apply: ${outcome.status.toUpperCase()} ${what}:`);
      for (const r of outcome.reasons) io.out(`  - ${r}`);
    }
    io.out(`evidence: ${outcome.evidence}`);
    if (outcome.badInput) return EXIT.badInput;
    return outcome.status === 'applied' ? EXIT.ok : EXIT.failure;
  },
};
