/**
 * Everything csm prints goes to a terminal or a CI log, and much of it quotes text csm did not write: resource
 * addresses and `for_each` keys of a third-party plan, catalogue names in finding messages, Terraform's errors.
 * A terminal obeys escape sequences (erase the line above, move the cursor), a CI runner obeys lines that start
 * with `::` (GitHub: `::add-mask::DENY` hides every later denial, `::stop-commands::`, `::error file=...::`) or
 * `##[` and `##vso[` (Azure Pipelines), and bidirectional controls reorder what a reviewer reads. So every
 * line csm prints passes here once (src/cli/main.ts): control, bidirectional and invisible characters become
 * visible `\uXXXX` escapes, and a line that a runner would read as a command is defused by escaping its first
 * character. Inside JSON strings the escape is the same JSON text, so a report printed as JSON parses to the
 * same data.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const RUNNER_COMMAND = /^(\s*)([:#])(?=:|#\[|#vso\[)/gm;

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, escape).replace(RUNNER_COMMAND, (_m, space: string, first: string) => `${space}${escape(first)}`).replace(/##vso\[/g, `##vso${escape('[')}`);
}

/** A value quoted inside one line of output: its line breaks shown as `\n`, so it cannot start a line of its own. */
export function oneLine(value: string): string {
  return value.replace(/\r?\n|\r/g, '\\n');
}
