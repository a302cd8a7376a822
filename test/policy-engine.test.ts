import { compile } from '@csm/rego';
import { PolicyEngine, GATE_ENTRYPOINT } from '../src/policy/engine';
import { PolicyFailure } from '../src/policy/finding';

/** Real wasm from csm's compiler, evaluated through the real SDK in the engine's worker thread. */
async function engineFor(source: string, timeoutMs = 5000): Promise<PolicyEngine> {
  const { wasm } = await compile({ modules: [{ path: 'gate.rego', source }], entrypoints: [GATE_ENTRYPOINT] });
  return PolicyEngine.fromWasm(wasm, { csm: { limit: 2 } }, { timeoutMs });
}

const finding = `{"id": "T-1", "severity": "high", "message": sprintf("x is %d", [input.x]), "resource": null, "construct_path": null,
  "clauses": ["6.5"], "scenario": "S08", "remediation": "lower x", "source": null}`;

describe('policy engine (fail closed)', () => {
  test('evaluates a decision with data and input', async () => {
    const engine = await engineFor(`package csm.gate
deny contains ${finding} if input.x > data.csm.limit
decision := {"deny": [f | some f in deny], "warn": []}`);
    try {
      expect(await engine.evaluate({ x: 1 })).toEqual({ deny: [], warn: [] });
      const d = await engine.evaluate({ x: 3 });
      expect(d.deny.map((f) => [f.id, f.message, f.clauses])).toEqual([['T-1', 'x is 3', ['6.5']]]);
    } finally {
      await engine.close();
    }
  });

  test('an undefined decision or one of the wrong shape is a failure, not a pass', async () => {
    const undef = await engineFor(`package csm.gate
decision := {"deny": [], "warn": []} if input.never`);
    await expect(undef.evaluate({})).rejects.toMatchObject({ kind: 'shape' });
    await undef.close();
    const wrong = await engineFor(`package csm.gate
decision := {"deny": [1], "warn": []}`);
    await expect(wrong.evaluate({})).rejects.toBeInstanceOf(PolicyFailure);
    await wrong.close();
  });

  test('an evaluation past its time bound is a failure, and the engine recovers for the next input', async () => {
    const engine = await engineFor(
      `package csm.gate
decision := {"deny": [], "warn": [n]} if { input.slow; n := count([x | some x in numbers.range(1, 3000000); x % 7 == 0]) }
decision := {"deny": [], "warn": []} if not input.slow`,
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
    const engine = await engineFor(`package csm.gate
decision := {"deny": [], "warn": []}
decision := {"deny": [], "warn": [1]} if input.conflict`);
    await expect(engine.evaluate({ conflict: true })).rejects.toMatchObject({ kind: 'trap' });
    await engine.close();
  });
});
