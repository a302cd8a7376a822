import * as fs from 'fs';
import * as path from 'path';
import { loadCatalogue } from '../../src/model/load';
import { CatalogueError, fieldPath } from '../../src/model/errors';
import { synthesize } from '../../src/synth/synthesize';
import { planStack } from '../../src/terraform/plan';
import { catalogueWith } from '../support/catalogue-fixture';
import { plantAll, richCatalogue, stringFields, tempDir, type StringField } from './support/inputs-catalogue';
import { CSM_REFERENCE, jsonStrings, templateSequences } from './support/inputs-terraform-text';

/**
 * Class 1 of issue 11: text from YAML must never become Terraform syntax. A hostile pull request writes
 * `${...}` (interpolation) and `%{...}` (directive) into every string of every catalogue file, values and keys,
 * found by walking the loaded model, not from a list; each field must either refuse it with an error naming that
 * field, or carry it into the synthesized JSON as literal text. The real `terraform plan` of one stack shows the text literally.
 */
const PAYLOAD = '${path.cwd}%{if true}%{endif}$${lit}';
const TOKEN = '${TfToken[TOKEN.1]}';

const fieldName = (f: StringField) => `${f.file} ${fieldPath(f.path)}${f.key ? ' (key)' : ''}`;

/** Loads the catalogue in `dir`; the issues it raises, or null when it loads. */
function issuesOf(dir: string): CatalogueError['issues'] | null {
  try {
    loadCatalogue(dir);
    return null;
  } catch (err) {
    if (err instanceof CatalogueError) return err.issues;
    throw err;
  }
}

describe('README: "every string from the catalogue reaches Terraform as literal text, whatever field it sits in"', () => {
  const base = richCatalogue();
  const fields = stringFields(loadCatalogue(base));
  const accepted: StringField[] = [];
  const refused: StringField[] = [];

  beforeAll(() => {
    // The payload goes into a whole file's values at once, or its keys one depth at a time (so no renamed key
    // hides another), and the catalogue is loaded: a field is refused when an error names that very field.
    // Whether the others all take it is what the synthesis test below loads.
    const groups = new Map<string, StringField[]>();
    for (const f of fields) {
      const group = `${f.file}|${f.key ? f.path.length : 'values'}`;
      groups.set(group, [...(groups.get(group) ?? []), f]);
    }
    for (const group of groups.values()) {
      const file = path.join(base, group[0].file);
      const original = fs.readFileSync(file, 'utf8');
      plantAll(base, group, (f) => f.value + PAYLOAD);
      const named = new Set((issuesOf(base) ?? []).filter((i) => i.file === file).map((i) => i.field));
      fs.writeFileSync(file, original);
      for (const f of group) (named.has(fieldPath(f.key ? [...f.path.slice(0, -1), f.value + PAYLOAD] : f.path)) ? refused : accepted).push(f);
    }
  });

  test('the walk meets every kind of file and hundreds of fields', () => {
    expect(new Set(fields.map((f) => f.file.split('/')[0]))).toEqual(new Set(['provider.yaml', 'services', 'customers', 'improvements.yaml']));
    expect(fields.length).toBeGreaterThan(300);
    expect(accepted.length).toBeGreaterThan(40); // names, descriptions, titles, units: free text stays allowed
  });

  test('fields with a known shape refuse ${...} and %{...}, with an error naming the field', () => {
    // E-mail addresses, ids, dates, regions, instance classes, S3 state names; and every key (fields are fixed).
    const refusedNames = refused.map(fieldName);
    for (const shaped of [/contacts\[0\]\.email$/, /users\[0\]\.email$/, /owner\.email$/, /limits\.instanceClass$/, /agreement\.signed$/, /state\.keyPrefix$/, /subscriptions\[0\]\.service$/]) {
      expect(refusedNames.some((n) => shaped.test(n))).toBe(true);
    }
    expect(accepted.filter((f) => f.key).map(fieldName)).toEqual([]);
  });

  test('with the payload in every field that takes it, no interpolation or directive of it survives synthesis', () => {
    const dir = catalogueWith();
    fs.cpSync(base, dir, { recursive: true });
    plantAll(dir, accepted, (f) => f.value + PAYLOAD);
    const stacks = synthesize(loadCatalogue(dir), { outdir: tempDir() });
    let literal = 0;
    for (const stack of stacks) {
      for (const s of jsonStrings(JSON.parse(fs.readFileSync(stack.file, 'utf8')))) {
        const { interpolations, directives } = templateSequences(s);
        expect({ stack: stack.name, directives }).toEqual({ stack: stack.name, directives: [] });
        for (const i of interpolations) expect({ stack: stack.name, interpolation: i }).toEqual({ stack: stack.name, interpolation: expect.stringMatching(CSM_REFERENCE) });
        if (s.includes('$${path.cwd}%%{if true}%%{endif}$$${lit}')) literal++;
      }
    }
    expect(literal).toBeGreaterThan(10); // the text is there, escaped: descriptions, alarm texts, dashboards
  });

  test("cdktf's own token syntax is refused in every field that takes text, located", () => {
    const dir = catalogueWith();
    fs.cpSync(base, dir, { recursive: true });
    plantAll(dir, accepted, (f) => f.value + TOKEN);
    const issues = issuesOf(dir) ?? [];
    const named = new Set(issues.filter((i) => /cdktf token syntax/.test(i.message)).map((i) => `${path.relative(dir, i.file)} ${i.field}`));
    expect(accepted.filter((f) => !named.has(`${f.file} ${fieldPath(f.path)}`)).map(fieldName)).toEqual([]);
  });

  test('the real terraform plan of a stack shows the planted text literally, and nothing of the machine it ran on', async () => {
    const dir = catalogueWith();
    fs.cpSync(base, dir, { recursive: true });
    // Local state, so the stack plans offline; everything else carries the payload.
    fs.writeFileSync(path.join(dir, 'provider.yaml'), fs.readFileSync(path.join(dir, 'provider.yaml'), 'utf8').replace(/state:\n(  .*\n)+/, ''));
    plantAll(dir, accepted.filter((f) => !(f.file === 'provider.yaml' && f.path[0] === 'state')), (f) => f.value + PAYLOAD);
    const project = tempDir('csm-attack-plan-');
    const [stack] = synthesize(loadCatalogue(dir), { outdir: path.join(project, 'cdktf.out'), customers: ['acme'] });
    const outcome = await planStack(stack.dir, { offline: true, stateDir: path.join(project, '.csm', 'state') });
    expect(outcome.error).toBeUndefined();
    const planText = fs.readFileSync(outcome.planJsonFile!, 'utf8');
    const plan = JSON.parse(planText);
    const descriptions = plan.resource_changes.filter((rc: { type: string }) => rc.type === 'aws_kms_key').map((rc: { change: { after: { description: string } } }) => rc.change.after.description);
    expect(descriptions).toEqual([`csm tenant key for ACME Logistics AG${PAYLOAD} in eu-central-1`]);
    const alarms = plan.resource_changes.filter((rc: { type: string; address: string }) => rc.type === 'aws_cloudwatch_metric_alarm' && rc.address.includes('capacity'));
    expect(alarms.map((a: { change: { after: { alarm_description: string } } }) => a.change.after.alarm_description).join('\n')).toContain(`vCPU${PAYLOAD}`);
    expect(planText).not.toContain(path.resolve(stack.dir));
  }, 180_000);
});
