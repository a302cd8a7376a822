import { compile } from '@csm/rego';
import { PolicyEngine } from '../src/policy/engine';
import { PolicyFailure } from '../src/policy/finding';
import { decisionOf } from '../src/policy/decision';
import { GATE_ENTRYPOINT, GATE_MODULE_PATH, gateDocuments, gateModule } from '../src/policy/gate-rules';
import { sha256 } from '../src/policy/sources';

/** Real wasm from csm's compiler, with the gate csm generates, evaluated through the real SDK in the engine's worker thread. */
async function engineFor(source: string, timeoutMs = 5000): Promise<PolicyEngine> {
  const sources = [{ path: 'p.rego', source, sha256: sha256(source), test: false, package: '' }];
  const modules = [{ path: 'p.rego', source }, { path: GATE_MODULE_PATH, source: gateModule(gateDocuments(sources)) }];
  const { wasm } = await compile({ modules, entrypoints: [GATE_ENTRYPOINT] });
  return PolicyEngine.fromWasm(wasm, { csm: { limit: 2 } }, { timeoutMs });
}

const finding = (id: string, resource: string, message = 'sprintf("x is %d", [input.x])') =>
  `{"id": "${id}", "severity": "high", "message": ${message}, "resource": ${resource}, "construct_path": null, "clauses": ["6.5"], "scenario": "S08", "remediation": "lower x", "source": null}`;

describe('policy engine (fail closed)', () => {
  test('evaluates every package\'s deny and warn with data and input', async () => {
    const engine = await engineFor(`package csm.t
import rego.v1
deny contains ${finding('T-1', 'null')} if input.x > data.csm.limit
warn contains ${finding('T-2', '"r"')} if input.x > 0`);
    try {
      expect(await engine.evaluate({ x: 0 })).toEqual({ deny: [], warn: [] });
      const d = await engine.evaluate({ x: 3 });
      expect(d.deny.map((f) => [f.id, f.message, f.clauses])).toEqual([['T-1', 'x is 3', ['6.5']]]);
      expect(d.warn.map((f) => f.id)).toEqual(['T-2']);
    } finally {
      await engine.close();
    }
  });

  test('findings of every package come sorted by id, then resource (null first), then message', async () => {
    const engine = await engineFor(`package csm.t
import rego.v1
deny contains ${finding('B-1', '"b"', '"m"')} if true
deny contains ${finding('B-1', '"a"', '"m"')} if true
deny contains ${finding('A-9', '"z"', '"m"')} if true
deny contains ${finding('B-1', 'null', '"m2"')} if true
deny contains ${finding('B-1', 'null', '"m1"')} if true`);
    try {
      const d = await engine.evaluate({});
      expect(d.deny.map((f) => `${f.id}/${f.resource}/${f.message}`)).toEqual(['A-9/z/m', 'B-1/null/m1', 'B-1/null/m2', 'B-1/a/m', 'B-1/b/m']);
    } finally {
      await engine.close();
    }
  });

  test('a result set without exactly one decision, or a finding of the wrong shape, is a failure, not a pass', async () => {
    expect(() => decisionOf([])).toThrow(PolicyFailure);
    expect(() => decisionOf([{ result: { deny: [], warn: {} } }])).toThrow(/the gate's deny is \[\]/);
    const wrong = await engineFor(`package csm.t
import rego.v1
deny contains 1 if true`);
    await expect(wrong.evaluate({})).rejects.toMatchObject({ kind: 'shape', message: expect.stringContaining('csm.t.deny: entry 1 of 1 is 1, not a finding object') });
    await wrong.close();
  });

  test('an evaluation past its time bound is a failure, and the engine recovers for the next input', async () => {
    const engine = await engineFor(
      `package csm.t
import rego.v1
warn contains ${finding('T-1', 'null', 'sprintf("%d", [n])')} if { input.slow; n := count([x | some x in numbers.range(1, 3000000); x % 7 == 0]) }`,
      100,
    );
    try {
      await expect(engine.evaluate({ slow: true })).rejects.toMatchObject({ kind: 'timeout' });
      expect(await engine.evaluate({ slow: false })).toEqual({ deny: [], warn: [] });
    } finally {
      await engine.close();
    }
  });

  test('a runtime error inside the module (eval conflict) is a failure', async () => {
    const engine = await engineFor(`package csm.t
import rego.v1
deny := []
deny := [1] if input.conflict`);
    await expect(engine.evaluate({ conflict: true })).rejects.toMatchObject({ kind: 'trap' });
    await engine.close();
  });
});
