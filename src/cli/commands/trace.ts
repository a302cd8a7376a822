import type { Command } from '../command';
import { EXIT, UsageError, str } from '../command';
import { catalogueFrom, pathArg, protectedFolders } from '../catalogue-arg';
import { collectArtefacts } from '../../trace/collect';
import { traceMatrix } from '../../trace/matrix';
import { traceHtml, traceJson } from '../../trace/render';
import { writeOutputs } from '../../outputs/write-files';

export const traceCommand: Command = {
  name: 'trace',
  summary: 'Traceability matrix for auditors: clause, scenario, and the artefacts that serve it; gaps named.',
  usage: 'csm trace [--format html|json] [--out dir] [--force] [--policies dir] [--reports dir] [--evidence dir]',
  description:
    'Reads the catalogue, synthesizes the stacks (in a temporary folder) for their clause tags, reads the METADATA\n' +
    'of policies/*.rego and the JSON records under reports/ and evidence/, and writes <out>/trace.html or\n' +
    'trace.json. Every clause of the mission table appears: served by its artefacts, or listed as uncovered.\n' +
    'With --fail-uncovered, exits 1 when any clause is uncovered.',
  options: [
    { name: 'format', value: 'html|json', description: 'output format (default: html)' },
    { name: 'out', value: 'dir', description: 'output folder (default: trace)' },
    { name: 'force', description: 'replace a matrix written earlier' },
    { name: 'policies', value: 'dir', description: 'Rego policies folder (default: policies)' },
    { name: 'reports', value: 'dir', description: 'service reports folder (default: reports)' },
    { name: 'evidence', value: 'dir', description: 'evidence records folder (default: evidence)' },
    { name: 'fail-uncovered', description: 'exit 1 when a clause of the mission is served by nothing' },
  ],
  async run(args, io) {
    if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    const format = str(args, 'format') ?? 'html';
    if (format !== 'html' && format !== 'json') throw new UsageError('--format must be html or json');
    const cat = catalogueFrom(args, io);
    const policies = pathArg(io, str(args, 'policies') ?? 'policies');
    const matrix = traceMatrix(
      collectArtefacts(cat, {
        policies,
        reports: pathArg(io, str(args, 'reports') ?? 'reports'),
        evidence: pathArg(io, str(args, 'evidence') ?? 'evidence'),
      }),
    );
    const out = pathArg(io, str(args, 'out') ?? 'trace');
    const [file] = writeOutputs(out, [{ path: `trace.${format}`, content: format === 'html' ? traceHtml(matrix) : traceJson(matrix) }], args.options.force === true, protectedFolders(io, cat.root, policies));
    const covered = matrix.rows.length - matrix.uncovered.length;
    io.out(`${covered} of ${matrix.rows.length} mission clauses served by ${matrix.artefacts.length} artefacts; uncovered: ${matrix.uncovered.join(', ') || 'none'}`);
    io.out(`wrote ${file}`);
    return matrix.uncovered.length && args.options['fail-uncovered'] === true ? EXIT.failure : EXIT.ok;
  },
};
