import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../support/run-cli';
import { catalogueWith } from '../support/catalogue-fixture';
import { policiesWith } from './support/artefacts-policies';

/**
 * Attacks on "fail closed" for the decisions the policies return (issue 11, class 4): a policy author, careless
 * or hostile, writes a denial that the gate drops or never evaluates. Each attack adds one file to a copy of the
 * shipped policies and runs `csm check` on the unchanged example customer, which those policies pass: the
 * added rule must either deny, fail the stack as an engine error, or be refused when the policies are built.
 * Real Rego through csm's compiler and the real SDK.
 */
const FINDING = `"severity": "high", "message": "change freeze", "construct_path": null, "clauses": ["9.2"], "scenario": "S08", "remediation": "wait", "source": null`;

async function checkWith(file: string, rego: string) {
  const policies = policiesWith({ [file]: rego });
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-attack-dec-'));
  const r = await runCli(['check', 'acme', '--catalogue', catalogueWith(), '--policies', policies, '--no-evidence', '--out', path.join(cwd, 'out')], cwd);
  return { ...r, policies };
}

/** The stack fails as an engine error naming what is wrong: never a pass. */
function failsClosed(r: { code: number; stdout: string }, problem: RegExp) {
  expect(r.stdout).toMatch(/^ERROR {2}onboard-acme \[synth\]: the policy returned malformed findings/m);
  expect(r.stdout).toMatch(problem);
  expect(r.stdout).toMatch(/1 stacks, 0 passed, 0 warnings, 1 failures, 0 waived$/m);
  expect(r.code).toBe(1);
}

const v1 = (pkg: string, body: string) => `package ${pkg}\n\nimport rego.v1\n\n${body}\n`;

describe('README: "Fail closed: a policy that ... returns no decision is a failure, never a pass"', () => {
  test('a deny that is a bare string fails the stack instead of vanishing', async () => {
    failsClosed(await checkWith('freeze.rego', v1('csm.operations', 'deny contains "change freeze" if true')), /csm\.operations\.deny: entry \d+ of \d+ is "change freeze", not a finding object/);
  });

  test('a deny finding without its `resource` key fails the stack instead of vanishing', async () => {
    failsClosed(await checkWith('freeze.rego', v1('csm.operations', `deny contains {"id": "TST-FRZ-001", ${FINDING}} if true`)), /\(TST-FRZ-001\) has no `resource`/);
  });

  test('a deny finding without an `id` fails the stack instead of vanishing', async () => {
    failsClosed(await checkWith('freeze.rego', v1('csm.operations', `deny contains {"resource": null, ${FINDING}} if true`)), /has no `id`/);
  });

  test('a deny finding whose `message` is missing fails the stack instead of vanishing', async () => {
    const finding = FINDING.replace('"message": "change freeze", ', '');
    failsClosed(await checkWith('freeze.rego', v1('csm.operations', `deny contains {"id": "TST-FRZ-001", "resource": null, ${finding}} if true`)), /has no `message`/);
  });

  test('a `deny` that is a single value instead of a set of findings fails the stack', async () => {
    failsClosed(await checkWith('freeze.rego', v1('csm.freeze', 'deny := "change freeze"')), /csm\.freeze\.deny is "change freeze", not a set of findings/);
  });

  test('a warn finding with a severity outside the contract fails the stack (a typo is not a pass)', async () => {
    failsClosed(await checkWith('freeze.rego', v1('csm.operations', `warn contains {"id": "TST-FRZ-002", "resource": null, ${FINDING.replace('"high"', '"critical"')}} if true`)), /`severity` is "critical", not one of high, medium, low/);
  });
});

describe('README: "The policies in policies/ (Rego, deny/warn rules with stable ids ...) are compiled ... and evaluated"', () => {
  const denies = (r: { code: number; stdout: string }) => {
    expect(r.stdout).toMatch(/^DENY {3}TST-FRZ-001 high onboard-acme \[synth\]/m);
    expect(r.code).toBe(1);
  };

  test('a deny rule in a new package (package csm.freeze) is evaluated, not compiled and ignored', async () => {
    denies(await checkWith('freeze.rego', v1('csm.freeze', `deny contains {"id": "TST-FRZ-001", "resource": null, ${FINDING}} if true`)));
  });

  test('a deny rule in a package outside csm (package freeze) is evaluated too', async () => {
    denies(await checkWith('freeze.rego', v1('freeze', `deny contains {"id": "TST-FRZ-001", "resource": null, ${FINDING}} if true`)));
  });

  test('a deny rule written with a ref head (freeze.deny in package csm) is evaluated', async () => {
    denies(await checkWith('freeze.rego', v1('csm', `freeze.deny contains {"id": "TST-FRZ-001", "resource": null, ${FINDING}} if true`)));
  });

  test('a deny keyed like a Rego v0 partial set (deny[msg] if) is refused at build: it is an object the gate cannot read', async () => {
    const r = await checkWith('freeze.rego', v1('csm.freeze', 'deny[msg] if { msg := "change freeze" }'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/freeze\.rego:5:1: rego_compile_error: csm\.freeze\.deny: deny must be a set of findings/);
    expect(r.stdout).not.toMatch(/passed/);
  });

  test('a deny rule hidden in a *_test.rego file (never bundled) is refused at build, not silently left out', async () => {
    const r = await checkWith('freeze_test.rego', v1('csm.freeze', `deny contains {"id": "TST-FRZ-001", "resource": null, ${FINDING}} if true`));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/freeze_test\.rego:5:1: rego_compile_error: csm\.freeze\.deny: a deny rule in a test file/);
  });
});
