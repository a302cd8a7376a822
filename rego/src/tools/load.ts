/*
 * Loading policies and data from paths, as OPA's loader does for `opa test` and `opa eval -d`: each path is a
 * file or a folder read recursively; `.rego` files are modules, `.json`, `.yaml` and `.yml` files are data placed
 * at the path of the folder they are in (relative to the path given: `lib/k8s/data.json` under `opa test lib`
 * is `data.k8s`; the file's own name is not part of it) and merged. Entries whose names start with a dot are
 * skipped, except a `.manifest` (OPA's bundle manifest), whose `rego_version` and `file_rego_versions` give the
 * Rego version of the modules under that folder (the per-file marker OPA bundles carry). `ignore` patterns skip
 * entries by name below the paths given, as `opa test --ignore` does.
 */
import * as fs from 'fs';
import * as path from 'path';
import YAML from 'yaml';
import type { RegoVersion } from '../parse';

export interface LoadedModule {
  /** The file as the user would open it: the path given, joined with the file's place below it. */
  path: string;
  source: string;
  /** From a `.manifest`; otherwise the caller's default applies. */
  regoVersion?: RegoVersion;
}

export interface Loaded {
  modules: LoadedModule[];
  /** The base document the data files make together (`{}` when there are none). */
  data: Record<string, unknown>;
  /** Every data file read, in the order merged. */
  dataFiles: string[];
}

/** A file that cannot be read or merged: the message names it (and the line, for JSON and YAML syntax). */
export class LoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoadError';
  }
}

const DATA_EXTS = ['.json', '.yaml', '.yml'];

interface Found {
  file: string;
  /** Folder segments below the path given (the data path of a data file). */
  dirs: string[];
  /** Path relative to the folder given, with forward slashes (what a manifest names). */
  rel: string;
  root: string;
}

function walk(root: string, dirs: string[], out: Found[], ignored: (name: string) => boolean): void {
  const here = path.join(root, ...dirs);
  const entries = fs.readdirSync(here, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.') || ignored(e.name)) continue;
    const file = path.join(here, e.name);
    // a folder linked in could loop; files linked in are read like any other
    if (e.isDirectory()) walk(root, [...dirs, e.name], out, ignored);
    else if (e.isFile() || (e.isSymbolicLink() && fs.statSync(file).isFile())) out.push({ file, dirs, rel: [...dirs, e.name].join('/'), root });
  }
}

/** Manifest versions for the files below `root`: `rego_version` for all, `file_rego_versions` per path or glob. */
function manifestVersions(root: string): ((rel: string) => RegoVersion | undefined) | undefined {
  const file = path.join(root, '.manifest');
  if (!fs.existsSync(file)) return undefined;
  let m: { rego_version?: unknown; file_rego_versions?: Record<string, unknown> };
  try {
    m = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new LoadError(`${file}: not JSON: ${(e as Error).message}`);
  }
  const version = (v: unknown, what: string): RegoVersion => {
    if (v === 0 || v === 1) return v;
    throw new LoadError(`${file}: ${what} must be 0 or 1, not ${JSON.stringify(v)}`);
  };
  const all = m.rego_version === undefined ? undefined : version(m.rego_version, 'rego_version');
  const per = Object.entries(m.file_rego_versions ?? {}).map(([p, v]) => ({ match: globMatcher(p.replace(/^\/+/, '')), v: version(v, `file_rego_versions["${p}"]`) }));
  return (rel) => per.find((x) => x.match(rel))?.v ?? all;
}

/** `*` any characters but `/`, `**` any characters; everything else literal. */
function globMatcher(glob: string): (s: string) => boolean {
  const re = glob.split(/(\*\*|\*)/).map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))).join('');
  const rx = new RegExp(`^${re}$`);
  return (s) => rx.test(s);
}

function parseData(file: string, text: string): unknown {
  if (file.endsWith('.json')) {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new LoadError(`${file}: ${(e as Error).message}`);
    }
  }
  // OPA reads the first YAML document of a file
  const docs = YAML.parseAllDocuments(text);
  const first = Array.isArray(docs) ? docs[0] : docs;
  if (!first) return null;
  if (first.errors.length) {
    const err = first.errors[0];
    const at = err.linePos?.[0];
    throw new LoadError(`${file}${at ? `:${at.line}:${at.col}` : ''}: ${err.message.split('\n')[0]}`);
  }
  return first.toJS({ maxAliasCount: 100 });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep-merge `value` into `into` at `at`; a leaf that two files set differently is an error, as in OPA. */
function merge(into: Record<string, unknown>, at: string[], value: unknown, file: string, above: string[] = []): void {
  const where = (n: number): string => ['data', ...above, ...at.slice(0, n)].join('.');
  let node = into;
  for (let i = 0; i < at.length; i++) {
    const key = at[i];
    if (i === at.length - 1 && !isObject(value)) {
      if (key in node && JSON.stringify(node[key]) !== JSON.stringify(value)) {
        throw new LoadError(`${file}: merge error: ${where(at.length)} is also set by another file`);
      }
      node[key] = value;
      return;
    }
    if (!(key in node)) node[key] = {};
    if (!isObject(node[key])) throw new LoadError(`${file}: merge error: ${where(i + 1)} is not an object in another file`);
    node = node[key] as Record<string, unknown>;
  }
  if (!isObject(value)) throw new LoadError(`${file}: a data file at the root must hold an object, not ${Array.isArray(value) ? 'an array' : typeof value}`);
  for (const [k, v] of Object.entries(value)) merge(node, [k], v, file, [...above, ...at]);
}

/** Reads `paths` (files or folders). Throws LoadError naming the file for anything unreadable or conflicting. */
/**
 * A shell pattern as OPA's `--ignore` takes it (Go's filepath.Match on an entry's own name): `*` any run of
 * characters, `?` one, `[...]` a class (`[^...]` or `[!...]` negated), `\\` quotes the next character.
 */
export function namePattern(pattern: string): (name: string) => boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '\\' && i + 1 < pattern.length) re += pattern[++i].replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) throw new LoadError(`--ignore ${pattern}: unterminated [ class`);
      const body = pattern.slice(i + 1, end).replace(/^[!^]/, '^').replace(/\\/g, '\\\\');
      re += `[${body}]`;
      i = end;
    } else re += c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }
  const rx = new RegExp(`^${re}$`, 's');
  return (name) => rx.test(name);
}

export interface LoadFilesOptions {
  /** Entries (files or folders, at any depth below a path given) whose name matches one of these are skipped. */
  ignore?: string[];
}

export function loadFiles(paths: string[], options: LoadFilesOptions = {}): Loaded {
  const patterns = (options.ignore ?? []).map(namePattern);
  const ignored = (name: string): boolean => patterns.some((m) => m(name));
  const found: Found[] = [];
  const versions = new Map<string, ((rel: string) => RegoVersion | undefined) | undefined>();
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new LoadError(`${p}: no such file or folder`);
    if (fs.statSync(p).isDirectory()) {
      versions.set(p, manifestVersions(p));
      walk(p, [], found, ignored);
    } else found.push({ file: p, dirs: [], rel: path.basename(p), root: path.dirname(p) });
  }
  const out: Loaded = { modules: [], data: {}, dataFiles: [] };
  for (const f of found) {
    if (f.file.endsWith('.rego')) {
      out.modules.push({ path: f.file, source: fs.readFileSync(f.file, 'utf8'), regoVersion: versions.get(f.root)?.(f.rel) });
    } else if (DATA_EXTS.some((x) => f.file.endsWith(x))) {
      const value = parseData(f.file, fs.readFileSync(f.file, 'utf8'));
      if (f.dirs.length === 0 && value === null) continue; // an empty file at the root adds nothing
      merge(out.data, f.dirs, value, f.file);
      out.dataFiles.push(f.file);
    }
  }
  return out;
}
