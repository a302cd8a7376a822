import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildBundle, type BundleManifest } from '../src/policy/bundle';
import { PolicyEngine } from '../src/policy/engine';
import { OPERATION_SCENARIO } from '../src/policy/input';
import type { Decision } from '../src/policy/finding';
import type { Gate } from '../src/view/resource';
import { REPO } from './support/catalogue-fixture';
import { POLICY_CASES, resourceAt, type PolicyCase } from './policy-cases/cases';
import { inputAt, planAll, prepare, type Prepared } from './policy-cases/gates';

/**
 * Every rule of the shipped policies against its failing example (test/policy-cases/cases.ts), at the synth
 * gate and at the plan gate (a real offline `terraform plan`), through the compiled bundle and the engine
 * `csm check` uses. Each example must produce exactly its own finding, with its clauses; the unchanged example
 * must produce none.
 */
const GATES: Gate[] = ['synth', 'plan'];
const EXAMPLE_CUSTOMERS = ['acme', 'bluefin', 'corvid'];

let manifest: BundleManifest;
let bundleDir: string;
const engines = new Map<string, PolicyEngine>();
const cases = new Map<string, Prepared>();
const examples: Prepared[] = [];

/** One engine per distinct catalogue document (the data is loaded into the wasm instance once). */
function engineFor(data: unknown): PolicyEngine {
  const key = JSON.stringify(data);
  if (!engines.has(key)) engines.set(key, PolicyEngine.load(bundleDir, data));
  return engines.get(key)!;
}

beforeAll(async () => {
  bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-rules-bundle-'));
  manifest = (await buildBundle(path.join(REPO, 'policies'), bundleDir)).manifest;
  for (const c of POLICY_CASES) cases.set(c.id, prepare(c));
  for (const customer of EXAMPLE_CUSTOMERS) examples.push(prepare({ id: 'example', level: 'deny', clauses: [], customer, resource: null }));
  await planAll([...cases.values(), ...examples]);
}, 600_000);

afterAll(async () => {
  await Promise.all([...engines.values()].map((e) => e.close()));
});

// The agreement, security, capacity and lifecycle packages are covered here; csm.operations has its own cases.
const COVERED = /^CSM-(AGR|SEC|CAP|LCM)-/;

test('every rule of the covered packages has a failing example, and every example names a rule', () => {
  const rules = manifest.rules.filter((r) => COVERED.test(r.id));
  expect(POLICY_CASES.map((c) => c.id).sort()).toEqual(rules.map((r) => r.id).sort());
  for (const c of POLICY_CASES) {
    const rule = rules.find((r) => r.id === c.id)!;
    expect({ id: c.id, clauses: c.clauses, level: c.level }).toEqual({ id: c.id, clauses: rule.clauses, level: rule.kind });
  }
});

test.each(EXAMPLE_CUSTOMERS)('the bundled example %s passes both gates with no findings', async (customer) => {
  const p = examples.find((e) => e.c.customer === customer)!;
  for (const gate of GATES) {
    const d = await engineFor(p.data).evaluate(inputAt(p, gate));
    expect({ gate, ...d }).toEqual({ gate, deny: [], warn: [] });
  }
});

/** The address of the case's target: in the changed stack, or in the base when the change removed it. */
function addressOf(p: Prepared): string {
  const t = p.c.resource!;
  for (const json of [p.synthJson, p.baseJson]) {
    try {
      if (json) return `${t.type}.${resourceAt(json, t).name}`;
    } catch {
      // not in this one: the change removed it
    }
  }
  throw new Error(`${p.c.id}: no ${t.type} at .../${t.path}`);
}

function expectOnly(c: PolicyCase, gate: Gate, d: Decision, p: Prepared): void {
  const findings = d[c.level];
  const others = c.level === 'deny' ? d.warn : d.deny;
  expect({ gate, ids: [...new Set(findings.map((f) => f.id))], others: others.map((f) => `${f.id} ${f.message}`) }).toEqual({ gate, ids: [c.id], others: [] });
  for (const f of findings) {
    expect({ gate, clauses: f.clauses, scenario: f.scenario }).toEqual({ gate, clauses: c.clauses, scenario: OPERATION_SCENARIO[c.operation ?? 'onboard'] });
  }
  if (c.resource) {
    const address = addressOf(p);
    const f = findings.find((x) => x.resource === address);
    expect({ gate, resources: findings.map((x) => x.resource) }).toEqual({ gate, resources: expect.arrayContaining([address]) });
    expect(f!.construct_path).toMatch(new RegExp(`/${c.resource.path}$`));
    expect(f!.message).toContain(address);
    if (c.source) expect(f!.source).toEqual(c.source);
  } else {
    expect({ gate, findings: findings.map((f) => ({ resource: f.resource, source: f.source })) }).toEqual({ gate, findings: [{ resource: null, source: c.source }] });
    expect(findings[0].message).toContain(String(c.source!.id === c.customer ? c.customer : c.source!.id === 'managed-postgres' ? 'pool' : c.customer));
  }
}

describe.each(POLICY_CASES.map((c) => [c.id, c] as const))('%s', (id, c) => {
  test.each(GATES)(`its failing example gives exactly ${id} at the %s gate`, async (gate) => {
    const p = cases.get(id)!;
    const d = await engineFor(p.data).evaluate(inputAt(p, gate));
    expectOnly(c, gate, d, p);
  });
});
