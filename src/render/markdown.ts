/**
 * Markdown csm writes (plan summaries, exit plans, the pull-request comment, reports) quotes text from the
 * catalogue, from policies' messages and from plans. Rendered by a forge, such text would be markup: `<!--`
 * hides the rest of a comment (the denials, the data-bearing resources a plan destroys), `</details>` breaks
 * out of a fold, `|` breaks a table, a backtick run closes a code span, a line break starts a heading. So
 * Markdown is written with `md`, a template tag that turns every interpolated value into literal text, by
 * construction: a value can only be markup when the code says so (`mdRaw`, `mdCode`, or a nested `md`).
 */
export class MdRaw {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** Markdown the code itself wrote (never text from input). */
export const mdRaw = (text: string) => new MdRaw(text);

/** Text from input as Markdown text: no markup, no HTML, no table breaks, one line. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1')
    .replace(/\r\n|\r|\n/g, ' ');
}

/** Text from input as an inline code span: fenced by more backticks than it holds, on one line. */
export function mdCode(text: string): MdRaw {
  const flat = text.replace(/\r\n|\r|\n/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return new MdRaw(`${fence}${pad}${flat}${pad}${fence}`);
}

/** Text from input as a fenced code block: the fence is longer than any backtick run inside. */
export function mdCodeBlock(text: string): MdRaw {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return new MdRaw(`${fence}\n${text}\n${fence}`);
}

type MdValue = string | number | MdRaw;

/**
 * Text from input inside a line csm starts itself (a value never begins a line in an `md` template): what is
 * markup there, inline, is escaped: emphasis, code, links and images (`[`), HTML and comments (`<`),
 * entities (`&`), tables (`|`), strike-through (`~`); a line break becomes a space. Parentheses, `#`, `+` and
 * `!` mean nothing inline without those and stay as they read.
 */
export function escapeInline(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]|~])/g, '\\$1')
    .replace(/\r\n|\r|\n/g, ' ');
}

/** A Markdown template: the literal parts are markup, every value is text (`escapeInline`) unless `MdRaw`. */
export function md(strings: TemplateStringsArray, ...values: MdValue[]): MdRaw {
  let out = strings[0];
  values.forEach((v, i) => {
    out += (v instanceof MdRaw ? v.text : typeof v === 'number' ? String(v) : escapeInline(v)) + strings[i + 1];
  });
  return new MdRaw(out);
}
