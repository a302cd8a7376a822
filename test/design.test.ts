import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCatalogue } from '../src/model/load';
import { designGaps } from '../src/model/design-gaps';
import { sampleCustomer, strictestTier } from '../src/design/sample-customer';
import { servicesToReview } from '../src/design/review-gate';
import { firstDeployments } from '../src/design/transition';
import { ENTRIES_MARKER, PROJECT_FILES, planScaffold, writeScaffold } from '../src/design/scaffold';
import { SERVICE_CONSTRUCTS } from '../stacks/service-constructs';
import { policyMetadata } from '../src/policy/metadata';
import { catalogueWith, EXAMPLE_CATALOGUE, issuesOf, lineOf, REPO } from './support/catalogue-fixture';

const example = () => loadCatalogue(EXAMPLE_CATALOGUE);
/** The example with container hosting taken back to a draft that leaves its design open, and nobody on it. */
const unfinishedHosting = (status = 'draft') =>
  catalogueWith({
    'services/container-hosting.yaml': (t) =>
      t
        .replace('status: active', `status: ${status}`)
        .replace(/^owner: .*\n/m, '')
        .replace('    pricePerUnitMonth: 150\n', '')
        .replace(', supportHours: business }', ' }')
        .replace('perCustomerQuota: 128, ', ''),
    'customers/bluefin.yaml': (t) => t.replace(/^ {2}- \{ service: container-hosting.*\n/m, '').replace(', container-hosting: premium', ''),
    'customers/corvid.yaml': (t) => t.replace(/^ {2}- \{ service: container-hosting.*\n/m, '').replace(', container-hosting: standard', ''),
  });

describe('a design in progress: loaded apart from the offered services', () => {
  test('an entry that leaves its design open loads as incomplete, with what it lacks', () => {
    const cat = loadCatalogue(unfinishedHosting());
    expect(cat.services.has('container-hosting')).toBe(false);
    expect(designGaps(cat.incompleteServices.get('container-hosting')!)).toEqual(['an owner', 'a price for option starter', 'supportHours of SLA tier standard', 'the capacity perCustomerQuota']);
  });

  test('nobody can subscribe to it, and the error says what the design lacks, at the subscription', () => {
    const dir = unfinishedHosting();
    fs.appendFileSync(path.join(dir, 'customers/corvid.yaml'), '  - { service: container-hosting, option: starter, quantity: 1, region: eu-west-1 }\n');
    const file = path.join(dir, 'customers/corvid.yaml');
    expect(issuesOf(dir)).toContainEqual(expect.stringMatching(new RegExp(`^${file}:${lineOf(file, '{ service: container-hosting')}:16: subscriptions\\[2\\]\\.service: service "container-hosting" cannot be subscribed to: its design still lacks an owner; a price for option starter`)));
  });
});

describe('the design review: what it reviews and the sample it builds', () => {
  test('every entry past draft; with a base, only those that changed, unless the change touches everything', () => {
    const cat = example();
    expect(servicesToReview(cat)).toEqual(['container-hosting', 'managed-postgres', 'object-storage', 'tenant-network']);
    expect(servicesToReview(loadCatalogue(unfinishedHosting()))).toEqual(['managed-postgres', 'object-storage', 'tenant-network']);
    const base = loadCatalogue(unfinishedHosting());
    expect(servicesToReview(cat, base, false)).toEqual(['container-hosting']);
    expect(servicesToReview(cat, cat, false)).toEqual([]);
    expect(servicesToReview(cat, cat, true)).toHaveLength(4);
  });

  test('the sample subscribes to the service and what it requires, under the strictest tier, where all are offered', () => {
    const cat = example();
    const outcome = sampleCustomer(cat, cat.services.get('managed-postgres')!);
    if ('notBuilt' in outcome) throw new Error(outcome.notBuilt);
    expect(outcome.sample).toEqual({ customer: 'sample', tier: 'premium', option: 'small', region: 'eu-central-1' });
    expect(outcome.customer.subscriptions.map((s) => s.service)).toEqual(['tenant-network', 'managed-postgres']);
    expect(outcome.customer.agreement).toMatchObject({ dataResidency: ['eu-central-1'], slaTiers: { 'tenant-network': strictestTier(cat.services.get('tenant-network')!.slaTiers).id, 'managed-postgres': 'premium' } });
  });

  test('no sample when what it requires is not offered in any of its regions, or not complete', () => {
    const cat = example();
    const moved = (id: string, regions: string[]) => [id, { ...cat.services.get(id)!, regions }] as const;
    const apart = { ...cat, services: new Map([...cat.services, moved('tenant-network', ['eu-west-1']), moved('managed-postgres', ['eu-central-1'])]) };
    expect(sampleCustomer(apart, apart.services.get('managed-postgres')!)).toEqual({ notBuilt: 'none of its regions (eu-central-1) offers everything it requires (tenant-network)' });
    const { ['tenant-network']: network, ...rest } = Object.fromEntries(cat.services);
    const unfinished = { ...cat, services: new Map(Object.entries(rest)), incompleteServices: new Map([['tenant-network', network]]) };
    expect(sampleCustomer(unfinished, cat.services.get('managed-postgres')!)).toEqual({ notBuilt: 'it requires tenant-network, whose design is not complete' });
  });
});

describe('transition (5.4): a first deployment is one nobody had at the base', () => {
  test('flagged for a service no customer subscribed to at the base; not for one others had; nothing without a base', () => {
    const base = loadCatalogue(catalogueWith({ 'customers/bluefin.yaml': (t) => t.replace(/^ {2}- \{ service: container-hosting.*\n/m, '').replace(', container-hosting: premium', ''), 'customers/corvid.yaml': (t) => t.replace(/^ {2}- \{ service: container-hosting.*\n/m, '').replace(', container-hosting: standard', '') }));
    const now = example();
    expect(firstDeployments('corvid', now, base)).toEqual([{ service: 'container-hosting', name: 'Container Hosting', baseStatus: 'active', owner: 'Tomás Ortega' }]);
    expect(firstDeployments('corvid', now, now)).toEqual([]);
    expect(firstDeployments('corvid', now, undefined)).toEqual([]);
  });
});

describe('the construct registry', () => {
  test('the service schema names exactly the constructs stacks/service-constructs.ts registers', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(REPO, PROJECT_FILES.schema), 'utf8'));
    expect([...schema.properties.construct.enum].sort()).toEqual(Object.keys(SERVICE_CONSTRUCTS).sort());
  });

  /** A project with the files csm new service touches, copied from this one. */
  const project = () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-scaffold-'));
    for (const f of [PROJECT_FILES.registry, PROJECT_FILES.schema]) {
      fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      fs.copyFileSync(path.join(REPO, f), path.join(root, f));
    }
    return root;
  };

  test('a registry without its markers is refused before anything is written', () => {
    const root = project();
    const registry = path.join(root, PROJECT_FILES.registry);
    fs.writeFileSync(registry, fs.readFileSync(registry, 'utf8').replace(`${ENTRIES_MARKER}\n`, ''));
    expect(() => planScaffold(root, example(), 'message-queue')).toThrow(/the line "\/\/ csm new service: registrations above this line" must be there once/);
  });

  test('a failure half way undoes what was written: new files removed, edited ones restored', () => {
    const root = project();
    const cat = loadCatalogue(catalogueWith());
    const plan = planScaffold(root, cat, 'message-queue');
    const schema = path.join(root, PROJECT_FILES.schema);
    const before = fs.readFileSync(path.join(root, PROJECT_FILES.registry), 'utf8');
    // The schema's edit, the last step, cannot write its temporary file: something is in the way.
    fs.mkdirSync(`${schema}.csm-new-${process.pid}`);
    expect(() => writeScaffold(plan)).toThrow(/EEXIST|EISDIR/);
    expect([...plan.create.keys()].filter((f) => fs.existsSync(f))).toEqual([]);
    expect(fs.readFileSync(path.join(root, PROJECT_FILES.registry), 'utf8')).toBe(before);
  });
});

describe('the rules documented as they are', () => {
  test("policies/README's table of the governance and design rules is their METADATA", () => {
    const rows = fs
      .readFileSync(path.join(REPO, 'policies/README.md'), 'utf8')
      .split('\n')
      .filter((l) => /^\| CSM-(GOV|DES)-/.test(l));
    const rules = policyMetadata(path.join(REPO, 'policies'))
      .filter((m) => /(governance|design)\.rego$/.test(m.file))
      .flatMap((m) => {
        const lines = fs.readFileSync(m.file, 'utf8').split('\n');
        return m.annotations.map((a) => {
          const c = a.custom as { id: string; severity: string; clauses: string[] };
          // The rule the METADATA annotates: the first line after its comment block (`deny contains f if {`).
          const kind = lines.slice(a.location.row - 1).find((l) => !l.startsWith('#'))!.split(' ')[0];
          return `| ${c.id} | ${kind} | ${c.severity} | ${a.title} | ${c.clauses.join(', ')} |`;
        });
      });
    expect([...rows].sort()).toEqual(rules.sort());
  });
});
