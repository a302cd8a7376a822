import type { Command } from '../command';
import { EXIT, UsageError, str } from '../command';
import { catalogueFrom, pathArg, sourceFolders, csmFolder } from '../catalogue-arg';
import { compiledPolicies } from '../../check/policies';
import { DEFAULT_BUNDLE_DIR } from '../../policy/bundle';
import { catalogueAtRevision } from '../../check/run-check';
import { STATE_DIR } from '../../terraform/plan';
import { checkOutputDir } from '../../files/output-target';
import { applyPlan } from '../../lifecycle/apply';
import { commandLine, lifecycleOptions } from './lifecycle-args';
import { timeoutFrom, waiversFrom } from '../gate-args';
import { runRecordPlans } from '../../fleet/run-plans';

export const applyCommand: Command = {
  name: 'apply',
  summary: 'Apply exactly a reviewed lifecycle plan; refuse one that changed or whose gate did not pass.',
  usage: 'csm apply <plans/<stamp>.tfplan | plans/<stamp>.record.json | run-record.json [--stack name]> [--evidence dir]',
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
    'applied, failed, interrupted); if it cannot be written, nothing is applied (exit 2).\n' +
    'Given the run record of a `csm plan` run (a merged one from CI), each plan record it lists (or those of the\n' +
    '--stack named) is applied in turn, each checked as above; the run record only names them.',
  options: [
    { name: 'stack', value: 'name', description: 'with a run record: apply only this stack of the run (repeatable)', repeat: true },
    ...lifecycleOptions.filter((o) => o.name !== 'base' && o.name !== 'now'),
    { name: 'now', value: 'iso-time', description: 'refused: apply always evaluates at the real clock' },
    { name: 'evidence', value: 'dir', description: 'evidence folder (default: evidence)' },
  ],
  async run(args, io) {
    if (args.positionals.length !== 1) throw new UsageError('apply takes one plan (the .tfplan or its .record.json), or the run record of a csm plan run');
    if (args.options.now !== undefined) {
      throw new UsageError('--now is refused at apply: the gates are evaluated again at the real clock, so a date-bound rule (a protection lifted only after the effective date) cannot be moved; --now belongs to csm plan and csm check');
    }
    const timeoutMs = timeoutFrom(args);
    const catalogue = catalogueFrom(args, io);
    const policiesDir = pathArg(io, str(args, 'policies') ?? 'policies');
    const evidenceDir = checkOutputDir(pathArg(io, str(args, 'evidence') ?? 'evidence'), { option: '--evidence', protect: sourceFolders(io, catalogue.root, policiesDir) });
    const given = pathArg(io, args.positionals[0]);
    const run = runRecordPlans(given, pathArg(io, '.'), (args.options.stack as string[] | undefined) ?? []);
    if (!run && args.options.stack) throw new UsageError('--stack applies to a run record (csm-plan-run/1) only');
    const files = run ?? [given];
    if (run) io.err(`${run.length} reviewed plan${run.length === 1 ? '' : 's'} in the run record ${given}`);
    let worst: number = EXIT.ok;
    for (const file of files) {
      const code = await applyOne(file);
      worst = Math.max(worst, code);
    }
    return worst;

    async function applyOne(file: string): Promise<number> {
    const outcome = await applyPlan(
      file,
      {
        catalogue,
        policies: () => compiledPolicies(policiesDir, { buildDir: csmFolder(io, DEFAULT_BUNDLE_DIR), onBuild: (m) => io.err(m) }),
        waivers: (ruleIds) => waiversFrom(args, io, catalogue, ruleIds),
        baseAt: (commit) => catalogueAtRevision(commit, catalogue.root),
        evidenceDir,
        projectDir: pathArg(io, '.'),
        stateDir: csmFolder(io, STATE_DIR),
        command: commandLine(args, 'apply'),
        timeoutMs,
      },
      (l) => io.err(l),
    );
    const what = outcome.record ? `${outcome.record.stack} (${outcome.record.plan.file})` : file;
    if (outcome.status === 'applied') io.out(`csm apply: applied ${what}`);
    else {
      io.out(`csm apply: ${outcome.status.toUpperCase()} ${what}:`);
      for (const r of outcome.reasons) io.out(`  - ${r}`);
    }
    io.out(`evidence: ${outcome.evidence}`);
    if (outcome.badInput) return EXIT.badInput;
    return outcome.status === 'applied' ? EXIT.ok : EXIT.failure;
    }
  },
};
