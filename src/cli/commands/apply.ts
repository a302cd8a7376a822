import * as path from 'path';
import type { Command } from '../command';
import { EXIT, UsageError, str } from '../command';
import { pathArg } from '../catalogue-arg';
import { loadCatalogue } from '../../model/load';
import { compiledPolicies } from '../../check/policies';
import { DEFAULT_BUNDLE_DIR } from '../../policy/bundle';
import { catalogueAtRevision } from '../../check/run-check';
import { applyPlan, readPlanRecord } from '../../lifecycle/apply';
import { lifecycleOptions, runLifecycle } from './lifecycle-args';
import { nowFrom, timeoutFrom, waiversFrom } from '../gate-args';

export const applyCommand: Command = {
  name: 'apply',
  summary: 'Apply exactly a reviewed lifecycle plan; refuse one that changed or whose gate did not pass.',
  usage: 'csm apply <plans/<stamp>.tfplan | plans/<stamp>.record.json> [--evidence dir]',
  description:
    'Before `terraform apply <planfile>` it checks the plan record `csm plan <operation>` wrote: the gate passed,\n' +
    'the plan file and its JSON are the bytes reviewed, the stack re-synthesized from the catalogue now is the\n' +
    'one planned, and both gates re-evaluated now decide as they did. Any difference refuses (exit 1) with the\n' +
    'reason. Every outcome is appended to the evidence log (a new file each time). The catalogue, policies and\n' +
    'base revision default to those the record names.',
  options: [
    ...lifecycleOptions.filter((o) => o.name !== 'base').map((o) => (o.name === 'policies' ? { ...o, description: 'policy folder (default: the one the plan record names)' } : o)),
    { name: 'evidence', value: 'dir', description: 'evidence folder (default: evidence)' },
  ],
  async run(args, io) {
    if (args.positionals.length !== 1) throw new UsageError('apply takes one plan (the .tfplan or its .record.json)');
    const now = nowFrom(args);
    const timeoutMs = timeoutFrom(args);
    return runLifecycle(io, async () => {
      const { record, recordFile } = readPlanRecord(pathArg(io, args.positionals[0]));
      const recorded = (p: string) => path.relative(process.cwd(), path.resolve(path.dirname(recordFile), p)) || '.';
      const catalogue = loadCatalogue(str(args, 'catalogue') ? pathArg(io, str(args, 'catalogue')!) : recorded(record.catalogue));
      const policiesDir = str(args, 'policies') ? pathArg(io, str(args, 'policies')!) : recorded(record.policies);
      const policies = await compiledPolicies(policiesDir, { buildDir: pathArg(io, DEFAULT_BUNDLE_DIR), onBuild: (m) => io.err(m) });
      const waivers = waiversFrom(args, io, catalogue, policies.rules.map((r) => r.id));
      const base = record.base ? catalogueAtRevision(record.base.commit, catalogue.root) : undefined;
      const outcome = await applyPlan(
        record,
        recordFile,
        { catalogue, base, policies, waivers, now, evidenceDir: pathArg(io, str(args, 'evidence') ?? 'evidence'), timeoutMs },
        (l) => io.err(l),
      );
      if (outcome.status === 'refused') {
        io.out(`csm apply: REFUSED ${record.stack} (${record.plan.file}):`);
        for (const r of outcome.reasons) io.out(`  - ${r}`);
      } else if (outcome.status === 'failed') io.out(`csm apply: FAILED ${record.stack}: ${outcome.reasons.join('; ')}`);
      else io.out(`csm apply: applied ${record.stack} (${record.plan.file})`);
      io.out(`evidence: ${outcome.evidence}`);
      return outcome.status === 'applied' ? EXIT.ok : EXIT.failure;
    });
  },
};
