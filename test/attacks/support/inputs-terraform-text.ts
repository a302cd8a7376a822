/**
 * What Terraform would read as syntax in a string of a JSON configuration: `${...}` interpolations and `%{...}`
 * directives, as HCL's template scanner finds them (`$${` and `%%{` are its escapes for the literal text).
 */
export function templateSequences(s: string): { interpolations: string[]; directives: string[] } {
  const out = { interpolations: [] as string[], directives: [] as string[] };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if ((c === '$' || c === '%') && s[i + 1] === c && s[i + 2] === '{') {
      i += 2;
      continue;
    }
    if ((c === '$' || c === '%') && s[i + 1] === '{') {
      let depth = 0;
      let j = i + 1;
      for (; j < s.length; j++) {
        if (s[j] === '{') depth++;
        else if (s[j] === '}' && --depth === 0) break;
      }
      (c === '$' ? out.interpolations : out.directives).push(s.slice(i, j + 1));
      i = j;
    }
  }
  return out;
}

/** Every string of a JSON document, keys included. */
export function jsonStrings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => jsonStrings(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      jsonStrings(x, out);
    }
  }
  return out;
}

/** The references csm itself writes: `${aws_<type>.<name>.<attribute>}`. Anything else is not csm's. */
export const CSM_REFERENCE = /^\$\{aws_[a-z0-9_]+\.[A-Za-z0-9_-]+\.[a-z0-9_]+\}$/;
