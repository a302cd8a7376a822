import * as fs from 'fs';
import * as path from 'path';
import { compile, RegoCompileError, type Annotation } from '@csm/rego';
import { PACKAGE_ROOT } from '../package-root';
import type { RuleInfo } from '../check/report';
import { readRegoSources, sha256, type RegoSource } from './sources';
import { GATE_ENTRYPOINT, GATE_MODULE_PATH, compileError, documentName, gateDocuments, gateModule } from './gate-rules';
import { writeFileAtomic } from '../files/write-atomic';

export const DEFAULT_BUNDLE_DIR = path.join('.csm', 'policy-bundle');
export const MANIFEST_FORMAT = 'csm-policy-bundle/1';

/** What `csm policy build` knows of each annotated rule (its METADATA), for reports and the site. */
export interface BundledRule extends RuleInfo {
  /** `deny` or `warn`, and where the rule is written. */
  kind: string;
  package: string;
  location: string;
}

export interface BundleManifest {
  format: typeof MANIFEST_FORMAT;
  entrypoints: string[];
  /** The documents the gate collects (every package's `deny` and `warn`), e.g. `csm.security.deny`. */
  gate: string[];
  /** sha256 of each policy source (tests excluded), keyed by its path inside the policies folder. */
  sources: Record<string, string>;
  /** Which compiler made the wasm: a bundle built by another compiler does not verify against these sources. */
  compiler: { name: string; sha256: string };
  /** sha256 of policy.wasm as compiled. */
  bundle_sha256: string;
  wasm_bytes: number;
  rules: BundledRule[];
}

export interface BuildResult {
  dir: string;
  manifest: BundleManifest;
  /** True when the folder already held exactly what the sources compile to, and nothing was written. */
  skipped: boolean;
}

/** Thrown when a bundle is not what its sources compile to: the caller exits 2. */
export class BundleMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleMismatchError';
  }
}

function filesUnder(dir: string, exts: string[]): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => exts.some((e) => f.endsWith(e)))
    .sort()
    .map((f) => path.join(dir, f));
}

let compilerCache: BundleManifest['compiler'] | undefined;

/**
 * The compiler's identity: a hash over its sources and prebuilt runtime when they ship (a checkout), else over
 * its compiled JavaScript. The same checkout gives the same identity from jest (TypeScript) and from dist.
 */
export function compilerIdentity(): BundleManifest['compiler'] {
  if (compilerCache) return compilerCache;
  const rego = path.join(PACKAGE_ROOT, 'rego');
  let files = [...filesUnder(path.join(rego, 'src'), ['.ts']), ...filesUnder(path.join(rego, 'runtime'), ['.ts'])];
  if (!files.length) files = filesUnder(path.join(rego, 'dist', 'src'), ['.js']);
  const h = sha256(files.map((f) => `${path.relative(PACKAGE_ROOT, f)}\0${sha256(fs.readFileSync(f))}`).join('\n'));
  compilerCache = { name: 'csm rego (rego/)', sha256: h };
  return compilerCache;
}

function rulesOf(annotations: Annotation[]): BundledRule[] {
  const rules: BundledRule[] = [];
  for (const a of annotations) {
    const custom = (a.custom ?? {}) as Record<string, unknown>;
    if (typeof custom.id !== 'string') continue;
    const parts = (a.path ?? '').split('.');
    rules.push({
      id: custom.id,
      title: a.title ?? '',
      description: a.description ?? '',
      severity: String(custom.severity ?? ''),
      clauses: Array.isArray(custom.clauses) ? custom.clauses.map(String) : [],
      scenario: typeof custom.scenario === 'string' ? custom.scenario : undefined,
      remediation: typeof custom.remediation === 'string' ? custom.remediation : undefined,
      kind: parts[parts.length - 1] ?? '',
      package: parts.slice(1, -1).join('.'),
      location: `${a.location.file}:${a.location.row}:${a.location.col}`,
    });
  }
  return rules.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

export function readManifest(bundleDir: string): BundleManifest | undefined {
  const file = path.join(bundleDir, 'manifest.json');
  if (!fs.existsSync(file)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as BundleManifest;
  } catch {
    return undefined;
  }
}

/** Differences between the sources a manifest claims and the sources now (empty when they match). */
function sourceDrift(claimed: Record<string, string>, now: Record<string, string>, policiesDir: string): string[] {
  const drift: string[] = [];
  for (const [file, hash] of Object.entries(claimed ?? {})) {
    if (!(file in now)) drift.push(`${path.join(policiesDir, file)} was removed`);
    else if (now[file] !== hash) drift.push(`${path.join(policiesDir, file)} changed`);
  }
  for (const file of Object.keys(now)) if (!(file in (claimed ?? {}))) drift.push(`${path.join(policiesDir, file)} is new`);
  return drift;
}

/** A bundle compiled in this process: the wasm and the manifest csm computed for it (nothing read from disk but the sources). */
export interface CompiledBundle {
  wasm: Uint8Array;
  manifest: BundleManifest;
}

const compiled = new Map<string, Promise<CompiledBundle>>();

/**
 * Compiles the policies of `policiesDir` with the collector csm generates for every `deny` and `warn`
 * (src/policy/gate-rules.ts). The compiler is deterministic: the same sources and compiler give the same bytes,
 * which is what lets a bundle be verified by compiling again. Compiled once per process for the same sources.
 * Throws RegoCompileError (with locations) for a policy that does not compile or misuses `deny`/`warn`.
 */
export function compilePolicies(policiesDir: string): Promise<CompiledBundle> {
  const all = readRegoSources(policiesDir);
  const sources = all.filter((s) => !s.test);
  if (!sources.length) throw new Error(`no policies (.rego files other than *_test.rego) in ${policiesDir}`);
  const compiler = compilerIdentity();
  const key = sha256(JSON.stringify([compiler.sha256, all.map((s) => [s.path, s.sha256])]));
  let result = compiled.get(key);
  if (!result) {
    result = compileSources(all, compiler);
    compiled.set(key, result);
    result.catch(() => compiled.delete(key));
  }
  return result;
}

async function compileSources(all: RegoSource[], compiler: BundleManifest['compiler']): Promise<CompiledBundle> {
  const sources = all.filter((s) => !s.test);
  const docs = gateDocuments(all);
  if (!docs.length) {
    throw new RegoCompileError([compileError('no package defines a deny or warn rule: a gate without rules would pass everything', { file: sources[0].path, row: 1, col: 1 })]);
  }
  const entrypoints = [GATE_ENTRYPOINT, ...docs.map((d) => d.path.join('/'))];
  const modules = [...sources.map((s) => ({ path: s.path, source: s.source })), { path: GATE_MODULE_PATH, source: gateModule(docs) }];
  const result = await compile({ modules, entrypoints });
  const manifest: BundleManifest = {
    format: MANIFEST_FORMAT,
    entrypoints: result.entrypoints,
    gate: docs.map((d) => documentName(d.path)),
    sources: Object.fromEntries(sources.map((s) => [s.path, s.sha256])),
    compiler,
    bundle_sha256: sha256(result.wasm),
    wasm_bytes: result.wasm.length,
    rules: rulesOf(result.annotations),
  };
  return { wasm: result.wasm, manifest };
}

const manifestText = (m: BundleManifest) => JSON.stringify(m, null, 2) + '\n';

/**
 * `csm policy build`: compiles every policy (non-test `.rego`) under `policiesDir` and writes `policy.wasm` and
 * `manifest.json` into `bundleDir`. The folder is an output, never a trusted input: when what is there already
 * is byte for byte what the sources compile to, nothing is written (`skipped`).
 */
export async function buildBundle(policiesDir: string, bundleDir = DEFAULT_BUNDLE_DIR, options: { force?: boolean } = {}): Promise<BuildResult & CompiledBundle> {
  const bundle = await compilePolicies(policiesDir);
  const wasmFile = path.join(bundleDir, 'policy.wasm');
  const manifestFile = path.join(bundleDir, 'manifest.json');
  const same = (file: string, bytes: Uint8Array | string) => fs.existsSync(file) && fs.statSync(file).isFile() && Buffer.from(bytes).equals(fs.readFileSync(file));
  if (!options.force && same(wasmFile, bundle.wasm) && same(manifestFile, manifestText(bundle.manifest))) {
    return { dir: bundleDir, ...bundle, skipped: true };
  }
  // The manifest goes first and the wasm last: a reader never trusts either, but a half-written pair shows as a mismatch.
  writeFileAtomic(manifestFile, manifestText(bundle.manifest), { mode: 'replace' });
  writeFileAtomic(wasmFile, bundle.wasm, { mode: 'replace' });
  return { dir: bundleDir, ...bundle, skipped: false };
}

/** Why a bundle's manifest is not the one csm computes, in the words a user can act on. */
function manifestDifference(claimed: BundleManifest | undefined, expected: BundleManifest, drift: string[]): string {
  if (!claimed) return 'it is missing or not JSON';
  if (drift.length) return `it was built from other sources: ${drift.join('; ')}`;
  if (claimed.compiler?.sha256 !== expected.compiler.sha256) return 'it was built by another compiler';
  if (claimed.bundle_sha256 !== expected.bundle_sha256) return `it names the wasm ${String(claimed.bundle_sha256).slice(0, 12)}…`;
  return 'it differs from the manifest csm computes';
}

/**
 * Checks that the bundle in `bundleDir` is what `policiesDir` compiles to, by compiling the sources again and
 * comparing bytes: `policy.wasm` must be identical, and so must the manifest. Nothing the bundle says about
 * itself is believed. Returns the bundle compiled here; throws BundleMismatchError saying what differs.
 */
export async function verifyBundle(bundleDir: string, policiesDir: string): Promise<CompiledBundle> {
  const rebuild = `run \`csm policy build ${policiesDir}${bundleDir === DEFAULT_BUNDLE_DIR ? '' : ` --out ${bundleDir}`}\``;
  const wasmFile = path.join(bundleDir, 'policy.wasm');
  if (!fs.existsSync(wasmFile) || !fs.statSync(wasmFile).isFile()) throw new BundleMismatchError(`no policy bundle in ${bundleDir} (${wasmFile} is missing): ${rebuild}`);
  const expected = await compilePolicies(policiesDir);
  const claimed = readManifest(bundleDir);
  const actual = fs.readFileSync(wasmFile);
  const differences: string[] = [];
  const drift = claimed ? sourceDrift(claimed.sources, expected.manifest.sources, policiesDir) : [];
  if (!Buffer.from(expected.wasm).equals(actual)) {
    differences.push(`${wasmFile} is not what ${policiesDir} compiles to (sha256 ${sha256(actual).slice(0, 12)}…, the sources compile to ${expected.manifest.bundle_sha256.slice(0, 12)}…)`);
  }
  const manifestFile = path.join(bundleDir, 'manifest.json');
  if (!fs.existsSync(manifestFile) || fs.readFileSync(manifestFile, 'utf8') !== manifestText(expected.manifest)) {
    const why = manifestDifference(claimed, expected.manifest, drift);
    differences.push(`${manifestFile} is not the manifest of these sources (${why})`);
  }
  if (differences.length) throw new BundleMismatchError(`the policy bundle in ${bundleDir} does not match its sources: ${differences.join('; ')}. ${rebuild[0].toUpperCase()}${rebuild.slice(1)}`);
  return expected;
}
