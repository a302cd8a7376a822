import * as fs from 'fs';
import type { Command } from '../command';
import { EXIT, UsageError, str } from '../command';
import { catalogueFrom, pathArg } from '../catalogue-arg';
import { waiversFrom } from '../gate-args';
import { policyRuleIds } from '../../policy/metadata';
import { checkedRuleStatements } from '../../policy/statements';
import { designGaps, REVIEWED_STATUSES } from '../../model/design-gaps';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check the catalogue and its waivers: schemas, references between files, ids, SLA tiers. Writes nothing.',
  usage: 'csm validate [--catalogue dir] [--waivers file] [--policies dir]',
  description:
    'Waivers are checked as csm check uses them: a reason and an approver that are more than blanks, an expiry\n' +
    'that is a real day within the horizon (provider.yaml governance.maxWaiverDays, default 90) of the current\n' +
    'time, a customer of the catalogue and a rule id the policies define in their METADATA. A rule that names\n' +
    'the policy statements it implements (METADATA custom.statements) must name statements provider.yaml makes.\n' +
    'An active or deprecated service whose design is incomplete is named on stderr: csm check denies it (design review).',
  options: [
    { name: 'waivers', value: 'file', description: 'waivers file (default: <catalogue>/waivers.yaml)' },
    { name: 'policies', value: 'dir', description: 'policies whose rule ids waivers may name (default: policies)' },
  ],
  async run(args, io) {
    if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    const cat = catalogueFrom(args, io);
    const policies = pathArg(io, str(args, 'policies') ?? 'policies');
    const known = fs.existsSync(policies);
    if (!known && str(args, 'policies')) throw new UsageError(`--policies ${policies}: no such folder`);
    const waivers = waiversFrom(args, io, cat, known ? policyRuleIds(policies) : undefined);
    // Rules name the policy statements they implement: each must be one the service management policy makes.
    if (known) checkedRuleStatements(cat, policies);
    for (const s of [...cat.incompleteServices.values()].filter((x) => REVIEWED_STATUSES.includes(x.status))) {
      io.err(`csm validate: service ${s.id} is ${s.status} but its design still lacks ${designGaps(s).join('; ')}: csm check's design review denies it`);
    }
    if (!known && waivers.length) io.err(`csm validate: no policies folder at ${policies}: waivers' rule ids not checked`);
    io.out(`catalogue ok: provider ${cat.provider.id}, ${cat.services.size + cat.incompleteServices.size} services, ${cat.customers.size} customers, ${waivers.length} waiver${waivers.length === 1 ? '' : 's'}`);
    return EXIT.ok;
  },
};
