import * as path from 'path';
import type { Catalogue } from '../model/types';
import { parseInstant } from '../model/calendar';
import { loadWaivers, type Waiver } from '../check/waivers';
import { UsageError, str, type Io, type ParsedArgs } from './command';
import { pathArg } from './catalogue-arg';
import { timeoutOf } from './commands/policy-options';

/** `--now`: the evaluation time (default: the current time), fixed so a run can be replayed. A time that exists. */
export function nowFrom(args: ParsedArgs): Date {
  const value = str(args, 'now');
  if (value === undefined) return new Date();
  const now = parseInstant(value);
  if (!now) throw new UsageError(`--now ${value}: not a date-time that exists (RFC 3339 with its zone, e.g. 2026-11-25T12:00:00Z, or a date YYYY-MM-DD)`);
  return now;
}

/** `--timeout`: the time bound of one policy evaluation, in milliseconds or as a duration (default 10000). */
export function timeoutFrom(args: ParsedArgs): number {
  return timeoutOf(args, 10_000);
}

/** The waivers file `--waivers` names (default: `<catalogue>/waivers.yaml`). */
export function waiversFile(args: ParsedArgs, io: Io, catalogue: Catalogue): string {
  return pathArg(io, str(args, 'waivers') ?? path.join(catalogue.root, 'waivers.yaml'));
}

/**
 * `--waivers`: the waivers file, validated against the catalogue (customers, the expiry horizon from the
 * evaluation time) and, when given, the rule ids the policies define.
 */
export function waiversFrom(args: ParsedArgs, io: Io, catalogue: Catalogue, ruleIds?: Iterable<string>): Waiver[] {
  return loadWaivers(waiversFile(args, io, catalogue), { catalogue, now: nowFrom(args), ruleIds: ruleIds && new Set(ruleIds) });
}
