// Samples of six public Rego libraries, unmodified, run through `csm policy test` with the counts `opa test`
// gives them (test/fixtures/rego-libraries/README.md: sources, licenses, and why OPA gives these counts).
import * as path from 'path';
import { runCli } from './support/run-cli';

const LIBRARIES = path.join(__dirname, 'fixtures', 'rego-libraries');

const cases: { library: string; flags: string[]; summary: string[]; tests: string[] }[] = [
  {
    library: 'trivy-checks',
    flags: ['--builtin', 'result.new=data.lib.result.new'],
    summary: ['PASS: 9/9'],
    tests: ['data.builtin.aws.cloudfront.aws0011_test.test_deny_distribution_without_waf', 'data.lib.cloud.metadata_test.test_obj_by_path_when_target_not_found_then_return_obj'],
  },
  {
    library: 'gatekeeper-library',
    flags: ['--v0-compatible'],
    summary: ['PASS: 25/25'],
    tests: ['data.k8srequiredlabels.test_input_no_required_labels', 'data.k8srequiredlabels.test_input_no_required_labels#01', 'data.k8suniqueingresshost.test_collision_with_multiple_apis_mixed'],
  },
  {
    library: 'regula',
    flags: ['--v0-compatible'],
    summary: ['PASS: 10/10'],
    tests: ['data.csm_regula_test.test_report_v0', 'data.csm_regula_test.test_private_cidr'],
  },
  {
    library: 'scubagear',
    flags: [],
    summary: ['PASS: 4/4'],
    tests: ['data.powerbi_test.test_RScript_Incorrect'],
  },
  {
    library: 'conftest',
    flags: ['--v0-compatible'],
    summary: ['PASS: 14/14'],
    tests: ['data.lib.common.test_has_field_false', 'data.lib.exclusion_logic.test_not_excluded_when_workload_and_container_are_but_no_reason_given'],
  },
  {
    library: 'opa-library',
    flags: ['--v0-compatible'],
    summary: ['PASS: 2/2'],
    tests: ['data.library.kubernetes.admission.test_alwayspullimages.test_overwrites'],
  },
];

describe('public Rego libraries run unmodified, with the counts opa test gives', () => {
  test.each(cases)('$library', async ({ library, flags, summary, tests }) => {
    const r = await runCli(['policy', 'test', path.join(LIBRARIES, library), '-v', ...flags]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout.split('\n').slice(-summary.length)).toEqual(summary);
    for (const t of tests) expect(r.stdout).toMatch(new RegExp(`^${t.replace(/[.#]/g, '\\$&')}: PASS \\(`, 'm'));
  });

  test('what a library needs beyond Rego is named, not silently skipped', async () => {
    // Trivy's checks call result.new, a builtin Trivy adds to OPA; without --builtin they do not compile
    const trivy = await runCli(['policy', 'test', path.join(LIBRARIES, 'trivy-checks')]);
    expect(trivy.code).toBe(2);
    expect(trivy.stderr).toMatch(/rego_type_error: undefined function result\.new/);
    // a v0 library without --v0-compatible is a parse error, as with opa 1.x
    const v0 = await runCli(['policy', 'test', path.join(LIBRARIES, 'gatekeeper-library')]);
    expect(v0.code).toBe(2);
    expect(v0.stderr).toMatch(/src\.rego:\d+:\d+: rego_parse_error/);
  });
});
