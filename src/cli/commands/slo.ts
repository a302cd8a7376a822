import type { Command } from '../command';
import { EXIT, UsageError, str } from '../command';
import { catalogueFrom, pathArg, protectedFolders } from '../catalogue-arg';
import { openSloYaml } from '../../slo/openslo';
import { writeOutputs } from '../../outputs/write-files';

export const sloCommand: Command = {
  name: 'slo',
  summary: 'Export each agreement’s availability targets as OpenSLO v1 YAML, one file per customer.',
  usage: 'csm slo export [customer...] [--out dir] [--force] [--catalogue dir]',
  description:
    'Writes <out>/<customer>.yaml with one `kind: SLO` per service of the agreement: the target from the agreed\n' +
    'SLA tier, the CloudWatch availability probe as indicator, calendar-month windows. Existing files are\n' +
    'only replaced with --force.',
  options: [
    { name: 'out', value: 'dir', description: 'output folder (default: openslo)' },
    { name: 'force', description: 'replace files an earlier export wrote' },
  ],
  async run(args, io) {
    const [action, ...wanted] = args.positionals;
    if (action !== 'export') throw new UsageError('slo needs an action: export');
    const cat = catalogueFrom(args, io);
    for (const id of wanted) if (!cat.customers.has(id)) throw new UsageError(`unknown customer "${id}" (catalogue has: ${[...cat.customers.keys()].join(', ')})`);
    const customers = (wanted.length ? wanted : [...cat.customers.keys()].sort()).map((id) => cat.customers.get(id)!);
    const out = pathArg(io, str(args, 'out') ?? 'openslo');
    const written = writeOutputs(out, customers.map((c) => ({ path: `${c.id}.yaml`, content: openSloYaml(cat, c) })), args.options.force === true, protectedFolders(io, cat.root));
    for (const f of written) io.out(`wrote ${f}`);
    return EXIT.ok;
  },
};
