import * as path from 'path';
import { loadCatalogue } from '../model/load';
import type { Catalogue } from '../model/types';
import { str, type Io, type ParsedArgs } from './command';

/** Loads the catalogue named by `--catalogue` (default `catalogue/`), relative to the working directory. */
export function catalogueFrom(args: ParsedArgs, io: Io): Catalogue {
  const dir = str(args, 'catalogue') ?? 'catalogue';
  return loadCatalogue(path.isAbsolute(dir) ? dir : path.relative(io.cwd, path.resolve(io.cwd, dir)) || '.');
}
