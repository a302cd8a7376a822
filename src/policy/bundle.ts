import * as fs from 'fs';
import * as path from 'path';
import { compile, type Annotation } from '@csm/rego';
import { PACKAGE_ROOT } from '../package-root';
import type { RuleInfo } from '../check/report';
import { bundleEntrypoints, readRegoSources, sha256, type RegoSource } from './sources';

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
  /** sha256 of each policy source (tests excluded), keyed by its path inside the policies folder. */
  sources: Record<string, string>;
  /** Which compiler made the wasm: a change to it rebuilds the bundle even when the policies did not change. */
  compiler: { name: string; sha256: string };
  /** sha256 of policy.wasm: what an evidence record cites as the policy that decided. */
  bundle_sha256: string;
  wasm_bytes: number;
  rules: BundledRule[];
}

export interface BuildResult {
  dir: string;
  manifest: BundleManifest;
  /** True when the sources and the compiler were unchanged and the existing bundle was kept. */
  skipped: boolean;
}

/** Thrown when a bundle does not match its sources (or its own manifest): the caller exits 2. */
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

const policySources = (policiesDir: string): RegoSource[] => readRegoSources(policiesDir).filter((s) => !s.test);

export function readManifest(bundleDir: string): BundleManifest | undefined {
  const file = path.join(bundleDir, 'manifest.json');
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as BundleManifest;
}

/** Differences between the sources a manifest was built from and the sources now (empty when they match). */
function sourceDrift(manifest: BundleManifest, sources: RegoSource[], policiesDir: string): string[] {
  const now = new Map(sources.map((s) => [s.path, s.sha256]));
  const drift: string[] = [];
  for (const [file, hash] of Object.entries(manifest.sources)) {
    if (!now.has(file)) drift.push(`${path.join(policiesDir, file)} was removed`);
    else if (now.get(file) !== hash) drift.push(`${path.join(policiesDir, file)} changed`);
  }
  for (const file of now.keys()) if (!(file in manifest.sources)) drift.push(`${path.join(policiesDir, file)} is new`);
  return drift;
}

/**
 * Compiles every policy (non-test `.rego`) under `policiesDir` into `bundleDir`: `policy.wasm` and
 * `manifest.json`. When the sources and the compiler are those the existing bundle was built from, and its wasm
 * is intact, nothing is compiled (`skipped`). Compile errors propagate as RegoCompileError.
 */
export async function buildBundle(policiesDir: string, bundleDir = DEFAULT_BUNDLE_DIR, options: { force?: boolean } = {}): Promise<BuildResult> {
  const sources = policySources(policiesDir);
  if (!sources.length) throw new Error(`no policies (.rego files other than *_test.rego) in ${policiesDir}`);
  const compiler = compilerIdentity();
  const existing = readManifest(bundleDir);
  const wasmFile = path.join(bundleDir, 'policy.wasm');
  if (
    !options.force &&
    existing?.format === MANIFEST_FORMAT &&
    existing.compiler.sha256 === compiler.sha256 &&
    sourceDrift(existing, sources, policiesDir).length === 0 &&
    fs.existsSync(wasmFile) &&
    sha256(fs.readFileSync(wasmFile)) === existing.bundle_sha256
  ) {
    return { dir: bundleDir, manifest: existing, skipped: true };
  }
  const entrypoints = bundleEntrypoints(sources);
  const result = await compile({ modules: sources.map((s) => ({ path: s.path, source: s.source })), entrypoints });
  const manifest: BundleManifest = {
    format: MANIFEST_FORMAT,
    entrypoints: result.entrypoints,
    sources: Object.fromEntries(sources.map((s) => [s.path, s.sha256])),
    compiler,
    bundle_sha256: sha256(result.wasm),
    wasm_bytes: result.wasm.length,
    rules: rulesOf(result.annotations),
  };
  fs.mkdirSync(bundleDir, { recursive: true });
  // The wasm first, the manifest last: a bundle interrupted half-way fails verification instead of passing it.
  fs.writeFileSync(wasmFile, result.wasm);
  fs.writeFileSync(path.join(bundleDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return { dir: bundleDir, manifest, skipped: false };
}

/**
 * Checks that the bundle in `bundleDir` is what `policiesDir` compiles to: the same sources (by hash) and an
 * untouched `policy.wasm`. Returns the manifest, or throws BundleMismatchError saying what differs.
 */
export function verifyBundle(bundleDir: string, policiesDir: string): BundleManifest {
  const manifest = readManifest(bundleDir);
  const rebuild = `run \`csm policy build ${policiesDir}\``;
  if (!manifest) throw new BundleMismatchError(`no policy bundle in ${bundleDir}: ${rebuild}`);
  if (manifest.format !== MANIFEST_FORMAT) throw new BundleMismatchError(`${bundleDir}/manifest.json is not a ${MANIFEST_FORMAT} manifest: ${rebuild}`);
  const wasmFile = path.join(bundleDir, 'policy.wasm');
  if (!fs.existsSync(wasmFile)) throw new BundleMismatchError(`${wasmFile} is missing: ${rebuild}`);
  const actual = sha256(fs.readFileSync(wasmFile));
  if (actual !== manifest.bundle_sha256) {
    throw new BundleMismatchError(`${wasmFile} does not match its manifest (sha256 ${actual.slice(0, 12)}…, manifest says ${manifest.bundle_sha256.slice(0, 12)}…): ${rebuild}`);
  }
  const drift = sourceDrift(manifest, policySources(policiesDir), policiesDir);
  if (drift.length) throw new BundleMismatchError(`the policy bundle in ${bundleDir} does not match its sources: ${drift.join('; ')}. ${rebuild[0].toUpperCase()}${rebuild.slice(1)}`);
  return manifest;
}
