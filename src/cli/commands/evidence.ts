import type { Command } from '../command';
import { EXIT, UsageError, str } from '../command';
import { pathArg, protectedFolders, sourceFolders } from '../catalogue-arg';
import { checkOutputDir, checkOutputFile } from '../../files/output-target';
import { withNewline, writeFileAtomic } from '../../files/write-atomic';
import { mergeRunRecords, readShardRecords } from '../../fleet/merge';
import { runSummaryLine, writeRunRecord } from '../../fleet/run-record';
import { runMarkdown } from '../../fleet/run-markdown';

export const evidenceCommand: Command = {
  name: 'evidence',
  summary: 'Merge the run records of the shards of a fleet-wide plan or drift check into one.',
  usage: 'csm evidence merge <dir|file>... [--out dir] [--markdown file [--force]]',
  description:
    'Reads every run record (csm-plan-run/1) under the folders or files given (other records are passed over)\n' +
    'and writes one run record for the whole run to --out. Refused (exit 2, naming the files) unless they are\n' +
    'the shards of one run (same revision, base, inputs, policy bundle, evaluation time, fleet and shard count),\n' +
    'every shard 1..n is there exactly once, every stack sits in the shard its tenancy hashes to, every tenancy of\n' +
    'the fleet is planned exactly once, and every plan record and summary a shard names is there with the bytes\n' +
    'it recorded. --markdown writes the run for a pull-request comment or a drift issue (a marker line first).\n' +
    'Prints the summary line of the whole fleet; exit 1 when a stack is denied, failed or drifted.',
  options: [
    { name: 'out', value: 'dir', description: 'folder for the merged record (default: evidence)' },
    { name: 'markdown', value: 'file', description: 'also write the run as Markdown (PR comment, drift issue)' },
    { name: 'force', description: 'let --markdown replace an existing file' },
    { name: 'policies', value: 'dir', description: 'policy folder, never written (default: policies)' },
  ],
  async run(args, io) {
    const [sub, ...paths] = args.positionals;
    if (sub !== 'merge') throw new UsageError(`evidence needs a subcommand: merge${sub ? ` (not "${sub}")` : ''}`);
    if (!paths.length) throw new UsageError('evidence merge needs the folders (or files) of the shard records');
    const catalogueRoot = pathArg(io, str(args, 'catalogue') ?? 'catalogue');
    const policiesDir = pathArg(io, str(args, 'policies') ?? 'policies');
    const outDir = checkOutputDir(pathArg(io, str(args, 'out') ?? 'evidence'), { option: '--out', protect: sourceFolders(io, catalogueRoot, policiesDir) });
    const markdown = str(args, 'markdown') && checkOutputFile(pathArg(io, str(args, 'markdown')!), { option: '--markdown', protect: protectedFolders(io, catalogueRoot, policiesDir, outDir), force: args.options.force === true });
    const { shards, skipped } = readShardRecords(paths.map((p) => pathArg(io, p)));
    for (const s of skipped) io.err(`passed over ${s}`);
    const merged = mergeRunRecords(shards, outDir, ['csm', 'evidence', ...args.positionals]);
    const file = writeRunRecord(outDir, merged);
    if (markdown) writeFileAtomic(markdown, withNewline(runMarkdown(merged, outDir)), { mode: args.options.force === true ? 'replace' : 'new' });
    io.out(runSummaryLine(merged));
    io.out(`evidence: ${file}`);
    if (markdown) io.out(`markdown: ${markdown}`);
    const s = merged.summary;
    return s.passed === s.stacks && !s.drifted ? EXIT.ok : EXIT.failure;
  },
};
