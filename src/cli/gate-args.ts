import * as path from 'path';
import type { Catalogue } from '../model/types';
import { loadWaivers, type Waiver } from '../check/waivers';
import { UsageError, str, type Io, type ParsedArgs } from './command';
import { pathArg } from './catalogue-arg';

/** `--now`: the evaluation time (default: the current time), fixed so a run can be replayed. */
export function nowFrom(args: ParsedArgs): Date {
  const value = str(args, 'now');
  const now = value ? new Date(value) : new Date();
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now ${value}: not a date-time`);
  return now;
}

/** `--timeout`: the time bound of one policy evaluation, in milliseconds (default 10000). */
export function timeoutFrom(args: ParsedArgs): number {
  const ms = Number(str(args, 'timeout') ?? 10_000);
  if (!Number.isFinite(ms) || ms <= 0) throw new UsageError('--timeout must be a positive number of milliseconds');
  return ms;
}

/** `--waivers`: the waivers file (default: `<catalogue>/waivers.yaml`), validated. */
export function waiversFrom(args: ParsedArgs, io: Io, catalogue: Catalogue): Waiver[] {
  return loadWaivers(pathArg(io, str(args, 'waivers') ?? path.join(catalogue.root, 'waivers.yaml')));
}
