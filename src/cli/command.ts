import { InputError } from '../model/errors';

/** One `csm` command: its help text, the options it accepts, and what it does. */
export interface OptionSpec {
  /** Long name without dashes, e.g. `catalogue`. */
  name: string;
  /** Takes a value (`--out dir`) or is a flag (`--all`). */
  value?: string;
  description: string;
  /** May be given several times; values collect into an array. */
  repeat?: boolean;
  /** One-letter alias, e.g. `d` for `-d` (as `opa` spells some options). */
  short?: string;
}

export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | boolean | string[]>;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  description?: string;
  options: OptionSpec[];
  run(args: ParsedArgs, io: Io): Promise<number>;
}

export interface Io {
  out(line: string): void;
  err(line: string): void;
  cwd: string;
}

/** Exit codes CI can rely on: 3 is csm's own failure, so a crash never reads as a denial or a user error. */
export const EXIT = { ok: 0, failure: 1, badInput: 2, internal: 3 } as const;

export const EXIT_CODES_TEXT = 'Exit codes: 0 ok, 1 policy or plan failure, 2 bad input or usage, 3 internal error.';

/** The command line itself is wrong (unknown option, missing value, bad combination): exit 2 with the help. */
export class UsageError extends InputError {}

export const COMMON_OPTIONS: OptionSpec[] = [
  { name: 'catalogue', value: 'dir', description: 'catalogue folder (default: catalogue)' },
  { name: 'help', description: 'show this help' },
  { name: 'debug', description: 'on an error, print its stack trace too' },
];

export function parseArgs(argv: string[], specs: OptionSpec[]): ParsedArgs {
  const all = [...specs, ...COMMON_OPTIONS];
  const parsed: ParsedArgs = { positionals: [], options: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      parsed.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h') {
      parsed.options.help = true;
      continue;
    }
    const short = /^-([A-Za-z])$/.exec(arg);
    if (!arg.startsWith('--') && !short) {
      parsed.positionals.push(arg);
      continue;
    }
    const [name, inline] = short ? [all.find((s) => s.short === short[1])?.name ?? arg, undefined] : arg.slice(2).split(/=(.*)/s, 2);
    const spec = all.find((s) => s.name === name);
    if (!spec) throw new UsageError(`unknown option ${short ? arg : `--${name}`}`);
    if (!spec.value) {
      parsed.options[name] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`--${name} needs a value (${spec.value})`);
    if (spec.repeat) parsed.options[name] = [...((parsed.options[name] as string[]) ?? []), value];
    else parsed.options[name] = value;
  }
  return parsed;
}

export function helpText(cmd: Command): string {
  const opts = [...cmd.options, ...COMMON_OPTIONS];
  const width = Math.max(...opts.map((o) => o.name.length + (o.value ? o.value.length + 3 : 0) + (o.short ? 4 : 0))) + 4;
  const lines = [`Usage: ${cmd.usage}`, '', cmd.summary];
  if (cmd.description) lines.push('', cmd.description);
  lines.push('', 'Options:');
  for (const o of opts) lines.push(`  ${`${o.short ? `-${o.short}, ` : ''}--${o.name}${o.value ? ` <${o.value}>` : ''}`.padEnd(width)}${o.description}`);
  lines.push('', EXIT_CODES_TEXT);
  return lines.join('\n');
}

export const str = (args: ParsedArgs, name: string): string | undefined => {
  const v = args.options[name];
  return typeof v === 'string' ? v : undefined;
};
