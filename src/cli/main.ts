import { EXIT, EXIT_CODES_TEXT, helpText, parseArgs, type Io } from './command';
import { classify } from './errors';
import { COMMANDS } from './commands';
import { terminalSafe } from './terminal-text';

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
    EXIT_CODES_TEXT,
  ].join('\n');
}

const defaultIo: Io = { out: (l) => process.stdout.write(l + '\n'), err: (l) => process.stderr.write(l + '\n'), cwd: process.cwd() };

/** Runs one `csm` command. Every error ends here, classified once (src/cli/errors.ts): never a stack trace unless --debug. */
export async function main(argv: string[], given: Io = defaultIo): Promise<number> {
  // Every line printed passes the terminal boundary once: text csm quotes cannot drive a terminal or a CI runner.
  const io: Io = { ...given, out: (l) => given.out(terminalSafe(l)), err: (l) => given.err(terminalSafe(l)) };
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
    const { code, lines, help } = classify(cmd.name, err);
    for (const line of lines) io.err(line);
    if (help) io.err(`\n${helpText(cmd)}`);
    if (rest.includes('--debug')) io.err(String((err as Error)?.stack ?? err));
    return code;
  }
}
