/**
 * Terraform addresses and references as steps: `module.logs["audit"].aws_s3_bucket.this[0].arn` is
 * module / logs["audit"] / aws_s3_bucket / this[0] / arn. Keys are kept as Terraform writes them (numbers for
 * count, strings for for_each) so an address formats back to exactly the text Terraform prints.
 */
export type InstanceKey = string | number;

export interface Step {
  name: string;
  /** The instance key or list index after the name (`[0]`, `["a"]`); `'*'` for a splat. */
  key?: InstanceKey | '*';
}

const IDENT = /[A-Za-z_][A-Za-z0-9_-]*/y;
const NUMBER = /-?\d+/y;

/** A plan repeats the same references and module addresses many times: each text is parsed once (results are shared, never changed). */
function memo<T>(parse: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    if (cache.has(text)) return cache.get(text)!;
    const value = parse(text);
    if (cache.size > 100_000) cache.clear();
    cache.set(text, value);
    return value;
  };
}

/** Parses a traversal (`a.b[0]["k"].c`, `a[*].b`); null when it is not one (an expression, a function call). */
export const parseTraversal: (text: string) => Step[] | null = memo(parseOnce);

function parseOnce(text: string): Step[] | null {
  const steps: Step[] = [];
  let i = 0;
  while (i < text.length) {
    IDENT.lastIndex = i;
    const ident = IDENT.exec(text);
    if (!ident) return null;
    const step: Step = { name: ident[0] };
    i = IDENT.lastIndex;
    steps.push(step);
    while (text[i] === '[') {
      const key = readKey(text, i + 1);
      if (!key) return null;
      // A second index (`a[0][1]`) is a list element inside an attribute: a step of its own.
      if (step.key !== undefined) steps.push({ name: '', key: key.key });
      else step.key = key.key;
      i = key.end;
    }
    if (i === text.length) break;
    if (text[i] !== '.') return null;
    i++;
  }
  return steps.length ? steps : null;
}

function readKey(text: string, i: number): { key: InstanceKey | '*'; end: number } | null {
  if (text[i] === '*' && text[i + 1] === ']') return { key: '*', end: i + 2 };
  if (text[i] === '"') {
    // A JSON string: Terraform quotes instance keys the way JSON does for every key that matters here.
    let j = i + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    if (text[j + 1] !== ']') return null;
    try {
      return { key: JSON.parse(text.slice(i, j + 1)) as string, end: j + 2 };
    } catch {
      return null;
    }
  }
  NUMBER.lastIndex = i;
  const n = NUMBER.exec(text);
  if (!n || text[NUMBER.lastIndex] !== ']') return null;
  return { key: Number(n[0]), end: NUMBER.lastIndex + 1 };
}

export function formatKey(key: InstanceKey | '*' | undefined): string {
  if (key === undefined) return '';
  if (key === '*') return '[*]';
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

/** Steps back to text: `name[key].name`; an index-only step (`name: ''`) appends to the previous one. */
export function formatSteps(steps: readonly Step[]): string {
  let out = '';
  for (const s of steps) {
    if (s.name === '') out += formatKey(s.key);
    else out += `${out ? '.' : ''}${s.name}${formatKey(s.key)}`;
  }
  return out;
}

/** A module instance: the calls from the root, each with its instance key (`module.a["x"].module.b`). */
export type ModulePath = ReadonlyArray<{ name: string; key?: InstanceKey }>;

const formatted = new WeakMap<ModulePath, string>();

export function formatModule(path: ModulePath): string {
  let text = formatted.get(path);
  if (text === undefined) {
    text = path.map((m) => `module.${m.name}${formatKey(m.key)}`).join('.');
    formatted.set(path, text);
  }
  return text;
}

const parseModuleMemo = memo(parseModuleOnce);

/** `module.a["x"].module.b` → its calls; null when the text is not a module address. */
export function parseModule(text: string | undefined): ModulePath | null {
  return text ? parseModuleMemo(text) : [];
}

function parseModuleOnce(text: string): ModulePath | null {
  const steps = parseTraversal(text);
  if (!steps || steps.length % 2) return null;
  const path: Array<{ name: string; key?: InstanceKey }> = [];
  for (let i = 0; i < steps.length; i += 2) {
    const [m, call] = [steps[i], steps[i + 1]];
    if (m.name !== 'module' || m.key !== undefined || call.key === '*') return null;
    path.push(call.key === undefined ? { name: call.name } : { name: call.name, key: call.key });
  }
  return path;
}

/** `prefix.rest`, or `rest` at the root. */
export const within = (modulePrefix: string, rest: string): string => (modulePrefix ? `${modulePrefix}.${rest}` : rest);
