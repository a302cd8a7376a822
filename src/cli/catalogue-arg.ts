import * as path from 'path';
import { loadCatalogue } from '../model/load';
import type { Catalogue } from '../model/types';
import { str, UsageError, type Io, type ParsedArgs } from './command';
import { refuseProtected } from '../files/output-target';
import { claimOutdir } from '../synth/stack-folder';
import { ownFolder } from '../files/own-folder';

/**
 * A path the user gave, resolved against the command's working directory and shown relative to the
 * process's (so messages read `catalogue/customers/acme.yaml:12:5`, not a long absolute path).
 */
export function pathArg(io: Io, value: string): string {
  // No file system takes a NUL in a name; Node.js throws a TypeError for it, which would read as csm's own bug.
  if (value.includes('\0')) throw new UsageError(`${JSON.stringify(value)}: a path cannot contain a NUL character`);
  const abs = path.resolve(io.cwd, value);
  const rel = path.relative(process.cwd(), abs);
  return rel === '' ? '.' : rel.startsWith('..') ? abs : rel;
}

/** A folder of csm's own in the project (`.csm/state`, `.csm/policy-bundle`): never reached through a link. */
export function csmFolder(io: Io, own: string): string {
  return ownFolder(pathArg(io, '.'), own);
}

/** Loads the catalogue named by `--catalogue` (default `catalogue/`). */
export function catalogueFrom(args: ParsedArgs, io: Io): Catalogue {
  return loadCatalogue(pathArg(io, str(args, 'catalogue') ?? 'catalogue'));
}

/**
 * The synth output folder named by `--out` (default `cdktf.out`), checked before anything is written: never
 * inside the catalogue, the policies, `.csm` or the evidence (`--out catalogue` would write stacks and a
 * manifest there), and only a new or empty folder or one csm synthesized to before (`--out .` would replace a
 * `manifest.json` csm did not write).
 */
export function outdirFrom(args: ParsedArgs, io: Io): string {
  const dir = pathArg(io, str(args, 'out') ?? 'cdktf.out');
  const given = (option: string) => (str(args, option) ? pathArg(io, str(args, option)!) : undefined);
  refuseProtected(dir, { option: '--out', protect: protectedFolders(io, given('catalogue') ?? pathArg(io, 'catalogue'), given('policies'), given('evidence')) });
  claimOutdir(dir);
  return dir;
}

/** The folders csm reads its truth from: the catalogue, and the policies (`--policies`, default `policies`). */
export function sourceFolders(io: Io, catalogueRoot: string, policiesDir?: string): Array<{ dir: string; what: string }> {
  // Outside a csm project there is no catalogue (root ''): nothing to protect there, and '' is not the cwd.
  return [
    ...(catalogueRoot ? [{ dir: catalogueRoot, what: 'catalogue' }] : []),
    { dir: policiesDir ?? pathArg(io, 'policies'), what: 'policies' },
  ];
}

/**
 * The folders no command writes a report, page or export into: the source folders, csm's own state, locks and
 * bundle (`.csm`), the evidence records (`evidence`, or the `--evidence` given) and any other folder the command
 * names (its synth output).
 */
export function protectedFolders(io: Io, catalogueRoot: string, policiesDir?: string, evidenceDir?: string, ...others: string[]): Array<{ dir: string; what: string }> {
  return [
    ...sourceFolders(io, catalogueRoot, policiesDir),
    { dir: pathArg(io, '.csm'), what: 'state, locks and bundle' },
    { dir: evidenceDir ?? pathArg(io, 'evidence'), what: 'evidence' },
    ...others.map((dir) => ({ dir, what: 'synth output' })),
  ];
}
