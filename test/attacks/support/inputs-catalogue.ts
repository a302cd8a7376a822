import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isMap, isScalar, parseDocument, Scalar } from 'yaml';
import type { Catalogue } from '../../../src/model/types';
import { catalogueWith, REPO } from '../../support/catalogue-fixture';
import { runCli } from '../../support/run-cli';

export { REPO };
/** The policies csm ships, and the small fixture gate whose rules are TST-AGR-001, TST-LCM-001, TST-SEC-001. */
export const POLICIES = path.join(REPO, 'policies');
export const MINIMAL_POLICIES = path.join(REPO, 'test', 'fixtures', 'policies-minimal');

export const tempDir = (prefix = 'csm-attack-') => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/** `csm <args>` in-process, from `cwd`, writing synth output and evidence inside it. */
export function csm(args: string[], cwd: string) {
  return runCli(args, cwd);
}

/** `csm check` with the fixture gate (or `policies`), its outputs kept inside `cwd`. */
export function check(args: string[], cwd: string, policies = MINIMAL_POLICIES) {
  return runCli(['check', '--policies', policies, '--out', path.join(cwd, 'out'), '--evidence', path.join(cwd, 'evidence'), ...args], cwd);
}

/**
 * The example catalogue with every optional field the schemas know filled in (a termination record, a transfer,
 * exceptions, a phone number, S3 state, an option limit that is only documentation), so a walk over its
 * strings meets every kind of field a pull request can write.
 */
export function richCatalogue(): string {
  return catalogueWith({
    'provider.yaml': (t) => t.replace('state:\n  backend: local', 'state:\n  backend: s3\n  bucket: nimbus-tfstate\n  region: eu-central-1\n  dynamodbTable: nimbus-tflock\n  keyPrefix: csm/tenancies'),
    'customers/corvid.yaml': (t) =>
      t
        .replace('{ role: billing, name: Corvid Accounts, email: accounts@corvid.example }', '{ role: billing, name: Corvid Accounts, email: accounts@corvid.example, phone: "+44 20 7946 0000" }')
        .replace(
          'exit: { dataExport: customer-bucket, formats: [pg_dump], retentionDays: 30 }',
          'exit: { dataExport: customer-bucket, formats: [pg_dump], retentionDays: 30 }\n    recorded: { date: "2026-09-01", effective: "2026-10-01", exportConfirmed: "2026-10-10", by: Dana Fischer }\n' +
            '  transfer: { to: provider, services: [managed-postgres], method: copy, target: { accountId: "444455556666", region: eu-west-1, bucket: corvid-export, name: Next Cloud Ltd }, requested: "2026-09-15", confirmed: "2026-10-05" }\n' +
            '  exceptions: [Support hours exclude public holidays in the UK]',
        ),
    'services/container-hosting.yaml': (t) => t.replace('limits: { vcpu: 4, logRetentionDays: 30 }', 'limits: { vcpu: 4, logRetentionDays: 30, note: burstable for short peaks }'),
  });
}

/** A string of the loaded model: the file it sits in (relative to the catalogue), its path there, and whether it is a key. */
export interface StringField {
  file: string;
  path: Array<string | number>;
  value: string;
  key: boolean;
}

/**
 * Every string of every file of a loaded catalogue, values and map keys, found by walking the model itself, so
 * a field added to a schema is walked without this list changing.
 */
export function stringFields(cat: Catalogue): StringField[] {
  const roots: Array<[string, unknown]> = [...cat.files].map(([key, file]) => {
    const [kind, id] = key.split(':');
    const value = kind === 'provider' ? cat.provider : kind === 'improvements' ? { improvements: cat.improvements } : kind === 'service' ? cat.services.get(id) : cat.customers.get(id);
    return [path.relative(cat.root, file), value];
  });
  const out: StringField[] = [];
  const walk = (file: string, v: unknown, p: Array<string | number>) => {
    if (typeof v === 'string') out.push({ file, path: p, value: v, key: false });
    else if (Array.isArray(v)) v.forEach((x, i) => walk(file, x, [...p, i]));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        out.push({ file, path: [...p, k], value: k, key: true });
        walk(file, x, [...p, k]);
      }
    }
  };
  for (const [file, value] of roots) walk(file, value, []);
  return out;
}

/** The YAML text of `file` with the string at `field` (a value, or a key renamed) replaced by `text`. */
export function planted(yamlText: string, field: StringField, text: string): string {
  const doc = parseDocument(yamlText);
  if (!field.key) doc.setIn(field.path, text);
  else {
    const parent = field.path.length > 1 ? doc.getIn(field.path.slice(0, -1), true) : doc.contents;
    if (!isMap(parent)) throw new Error(`no map at ${field.path.join('.')}`);
    const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(field.path[field.path.length - 1]));
    if (!pair) throw new Error(`no key ${field.path.join('.')}`);
    pair.key = new Scalar(text);
  }
  return doc.toString({ lineWidth: 0 });
}

/** Writes `text` into every field of `fields` of the catalogue in `dir` (grouped by file). */
export function plantAll(dir: string, fields: StringField[], text: (f: StringField) => string): void {
  const byFile = new Map<string, StringField[]>();
  for (const f of fields) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const [file, list] of byFile) {
    const abs = path.join(dir, file);
    let yaml = fs.readFileSync(abs, 'utf8');
    for (const f of list) yaml = planted(yaml, f, text(f));
    fs.writeFileSync(abs, yaml);
  }
}

/** A git repository holding a copy of `catalogueDir` as `catalogue/`, committed, for --base attacks. */
export function gitRepoWith(catalogueDir: string): string {
  const repo = tempDir('csm-attack-repo-');
  fs.cpSync(catalogueDir, path.join(repo, 'catalogue'), { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'ignore' });
  git('init', '-q');
  git('add', '.');
  git('-c', 'user.email=attacker@example.org', '-c', 'user.name=attacker', 'commit', '-qm', 'base');
  return repo;
}

/** `csm validate` of the example catalogue with `changes` (see catalogueWith). */
export async function validateWith(changes: Parameters<typeof catalogueWith>[0]) {
  const dir = catalogueWith(changes);
  return { ...(await runCli(['validate', '--catalogue', dir], tempDir())), dir };
}
