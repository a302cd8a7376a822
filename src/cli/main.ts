import { CatalogueError, InputFileError } from '../model/errors';
import { PolicyFailure } from '../policy/finding';
import { PlanFormatError } from '../view/from-plan';
import { BundleMismatchError } from '../policy/bundle';
import { EXIT, UsageError, helpText, parseArgs, type Command, type Io } from './command';
import { COMMANDS } from './commands';

export { COMMANDS };

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'csm: cloud service management as code (ISO/IEC 20000-1, ISO/IEC TR 20000-9)',
    '',
    'Usage: csm <command> [options]    (csm <command> --help for details)',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Exit codes: 0 ok, 1 policy or plan failure, 2 bad input or usage.',
  ].join('\n');
}

const defaultIo: Io = { out: (l) => process.stdout.write(l + '\n'), err: (l) => process.stderr.write(l + '\n'), cwd: process.cwd() };

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(overview());
    return name ? EXIT.ok : EXIT.badInput;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    io.err(`csm: unknown command "${name}"\n\n${overview()}`);
    return EXIT.badInput;
  }
  try {
    const args = parseArgs(rest, cmd.options);
    if (args.options.help) {
      io.out(helpText(cmd));
      return EXIT.ok;
    }
    return await cmd.run(args, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`csm ${cmd.name}: ${err.message}\n\n${helpText(cmd)}`);
      return EXIT.badInput;
    }
    if (err instanceof CatalogueError) {
      io.err(`csm ${cmd.name}: the catalogue does not validate (${err.issues.length} issue${err.issues.length === 1 ? '' : 's'}); nothing was written`);
      io.err(err.message);
      return EXIT.badInput;
    }
    if (err instanceof InputFileError) {
      io.err(`csm ${cmd.name}: the input cannot be used; nothing was written`);
      io.err(err.message);
      return EXIT.badInput;
    }
    if (err instanceof PlanFormatError || err instanceof BundleMismatchError) {
      io.err(`csm ${cmd.name}: ${err.message}`);
      return EXIT.badInput;
    }
    if (err instanceof PolicyFailure) {
      // Fail closed: a policy that cannot decide is a failure, never a pass.
      io.err(`csm ${cmd.name}: ${err.message}`);
      return EXIT.failure;
    }
    io.err(`csm ${cmd.name}: ${(err as Error).stack ?? err}`);
    return EXIT.failure;
  }
}
