/**
 * HTML built only through the `html` tagged template: every interpolated value is escaped unless it is
 * already `Html` (made by this module). Text from YAML can therefore never become markup, whatever it holds.
 */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type Interpolated = Html | string | number | boolean | null | undefined | ReadonlyArray<Interpolated>;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escapes text for element content and quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ENTITIES[c]);
}

function render(value: Interpolated): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolated[]): Html {
  let out = strings[0];
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1];
  });
  return new Html(out);
}

/** Markup csm generated itself (never text from input): a constant, or another template's output. */
export function trusted(markup: string): Html {
  return new Html(markup);
}

/** Joins fragments with a separator (escaped like any other text). */
export function join(items: ReadonlyArray<Interpolated>, separator: Interpolated = ', '): Html {
  return new Html(items.map((item, i) => (i ? render(separator) : '') + render(item)).join(''));
}

/**
 * An href for a link taken from input: only https URLs and relative paths csm built. Anything else (a
 * `javascript:` URL, say) is refused here rather than escaped, because escaping does not make a URL safe.
 */
export function safeHref(url: string): string | undefined {
  return /^https:\/\/[^\s]+$/.test(url) ? url : undefined;
}
