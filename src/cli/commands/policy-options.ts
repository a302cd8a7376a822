/** Options `csm policy test` and `csm policy eval` read alike: time bounds, the Rego version, output formats. */
import type { RegoVersion } from '@csm/rego';
import { UsageError, str, type ParsedArgs } from '../command';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A time bound as `opa` writes one (`5s`, `1m30s`, `500ms`) or a bare number of milliseconds (as `csm check
 * --timeout`). Zero, negative, or anything else is a usage error: the bound is what makes a run fail closed.
 */
export function durationMs(value: string, option: string): number {
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(value)) ms = Number(value);
  else {
    const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
    if (!parts.length || parts.map((p) => p[0]).join('') !== value) throw new UsageError(`${option} ${value}: not a duration (e.g. 5s, 1m30s, 500ms, or milliseconds)`);
    ms = parts.reduce((n, p) => n + Number(p[1]) * UNIT_MS[p[2]], 0);
  }
  if (!Number.isFinite(ms) || ms <= 0) throw new UsageError(`${option} must be a positive duration, not ${value}`);
  // Node.js fires a longer timer at once (it overflows to 1 ms): the bound would fail every evaluation instead.
  if (ms > MAX_TIMER_MS) throw new UsageError(`${option} ${value}: at most ${MAX_TIMER_MS} ms (about 24 days), the longest time bound Node.js can keep`);
  return ms;
}

/** `--timeout`, or the default. */
export function timeoutOf(args: ParsedArgs, defaultMs: number): number {
  const v = str(args, 'timeout');
  return v === undefined ? defaultMs : durationMs(v, '--timeout');
}

/** `--v0-compatible`: modules that do not import `rego.v1` are Rego v0, as with `opa ... --v0-compatible`. */
export function regoVersionOf(args: ParsedArgs): RegoVersion {
  if (args.options['v0-compatible'] === true && args.options['v1-compatible'] === true) {
    throw new UsageError('--v0-compatible and --v1-compatible exclude each other');
  }
  return args.options['v0-compatible'] === true ? 0 : 1;
}

/** `--ignore <pattern>` (repeatable): names the loader skips below the paths given, as `opa --ignore`. */
export function ignoreOf(args: ParsedArgs): string[] {
  return (args.options.ignore as string[] | undefined) ?? [];
}

/** `--format`, one of `allowed` (the first is the default; `text` and `pretty` name the same thing). */
export function formatOf<T extends string>(args: ParsedArgs, allowed: readonly T[]): T {
  const given = str(args, 'format') ?? allowed[0];
  const format = (given === 'text' && allowed.includes('pretty' as T) ? 'pretty' : given === 'pretty' && allowed.includes('text' as T) ? 'text' : given) as T;
  if (!allowed.includes(format)) throw new UsageError(`--format must be ${allowed.join(' or ')}, not "${given}"`);
  return format;
}

/** `--builtin name=data.path` (repeatable): a builtin a product adds to OPA, implemented by a Rego function. */
export function builtinFunctionsOf(args: ParsedArgs): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of (args.options.builtin as string[] | undefined) ?? []) {
    const m = /^([A-Za-z_][\w.]*)=(data(\.[A-Za-z_]\w*)+)$/.exec(spec);
    if (!m) throw new UsageError(`--builtin ${spec}: expected name=data.path.to.function, e.g. result.new=data.lib.result.new`);
    out[m[1]] = m[2];
  }
  return out;
}
