import * as path from 'path';
import type { Command } from '../command';
import { EXIT, UsageError } from '../command';
import { catalogueFrom } from '../catalogue-arg';
import { PACKAGE_ROOT } from '../../package-root';
import { planScaffold, writeScaffold } from '../../design/scaffold';

export const newCommand: Command = {
  name: 'new',
  summary: 'Scaffold a new service (S05): a draft catalogue entry, its construct and registration, and a test.',
  usage: 'csm new service <id> [--catalogue dir]',
  description:
    'Writes <catalogue>/services/<id>.yaml (status: draft, the schema comment, the elements the design review\n' +
    'asks for marked TODO, the capacity pool and SLA tier hooks), constructs/<id>.ts (a construct with typed\n' +
    'props and safe defaults on csm\'s SecureBucket and aspects), test/services/<id>.test.ts, and registers the\n' +
    'construct in stacks/service-constructs.ts and the service schema. Never replaces anything: an id that\n' +
    'exists or is not a slug is bad input (exit 2) and nothing is written. Then: npm run build, complete the\n' +
    'entry, set status: active, and csm check reviews the design (policies/design.rego).',
  options: [],
  async run(args, io) {
    const [kind, id, ...extra] = args.positionals;
    if (kind !== 'service') throw new UsageError('new needs what to scaffold: service');
    if (!id) throw new UsageError('name the new service: csm new service <id>');
    if (extra.length) throw new UsageError(`one service at a time (got also "${extra[0]}")`);
    const catalogue = catalogueFrom(args, io);
    const plan = planScaffold(PACKAGE_ROOT, catalogue, id);
    const shown = (f: string) => path.relative(io.cwd, f) || f;
    for (const file of writeScaffold(plan)) io.out(`${plan.edit.has(file) ? 'registered in' : 'wrote'} ${shown(file)}`);
    io.out(
      [
        `next: npm run build && npx jest ${shown(path.join(PACKAGE_ROOT, 'test', 'services', `${id}.test.ts`))}`,
        `      fill in what ${shown(path.join(catalogue.root, 'services', `${id}.yaml`))} marks TODO (owner, regions, prices, SLA targets, pool size and quota),`,
        '      set status: active, and run npx csm check: the design review says what is still missing.',
      ].join('\n'),
    );
    return EXIT.ok;
  },
};
