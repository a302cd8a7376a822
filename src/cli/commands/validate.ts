import * as fs from 'fs';
import type { Command } from '../command';
import { EXIT, UsageError, str } from '../command';
import { catalogueFrom, pathArg } from '../catalogue-arg';
import { waiversFrom } from '../gate-args';
import { policyRuleIds } from '../../policy/metadata';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check the catalogue and its waivers: schemas, references between files, ids, SLA tiers. Writes nothing.',
  usage: 'csm validate [--catalogue dir] [--waivers file] [--policies dir]',
  description:
    'Waivers are checked as csm check uses them: a reason and an approver that are more than blanks, an expiry\n' +
    'that is a real day within the horizon (provider.yaml governance.maxWaiverDays, default 90) of the current\n' +
    'time, a customer of the catalogue and a rule id the policies define in their METADATA.',
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
    if (!known && waivers.length) io.err(`csm validate: no policies folder at ${policies}: waivers' rule ids not checked`);
    io.out(`catalogue ok: provider ${cat.provider.id}, ${cat.services.size} services, ${cat.customers.size} customers, ${waivers.length} waiver${waivers.length === 1 ? '' : 's'}`);
    return EXIT.ok;
  },
};
