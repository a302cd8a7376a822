import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SCENARIOS } from '../src/scenarios';
import { runCli } from './support/run-cli';
import { EXAMPLE_CATALOGUE, REPO } from './support/catalogue-fixture';

interface TraceJson {
  summary: { clauses: number; covered: number; uncovered: string[] };
  matrix: Array<{ clause: string; covered: boolean; scenarios: Array<{ scenario: string; artefacts: string[] }>; otherScenarios: string[] }>;
  artefacts: Array<{ kind: string; id: string; clauses: string[]; scenarios: string[]; where: string }>;
}

const missionClauses = () => [...new Set(Object.values(SCENARIOS).flatMap((s) => s.clauses))];

/** A working folder with the given files (paths relative to it). */
function workWith(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-trace-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

async function trace(work: string, ...extra: string[]): Promise<TraceJson> {
  const r = await runCli(['trace', '--format', 'json', '--catalogue', EXAMPLE_CATALOGUE, ...extra], work);
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(fs.readFileSync(path.join(work, 'trace', 'trace.json'), 'utf8'));
}

const POLICY = (clause: string) => `package csm.extra

import rego.v1

# METADATA
# title: Problems are recorded for every repeated incident
# custom:
#   id: CSM-TEST-001
#   severity: medium
#   clauses: ["${clause}"]
#   scenario: S09
deny contains msg if {
	input.x == 1
	msg := "x"
}
`;

describe('csm trace', () => {
  test('the scenario table in code is the mission’s (when MISSION.md is at hand)', () => {
    const mission = [process.env.CSM_MISSION, path.join(REPO, '..', 'shared', 'MISSION.md')].find((f) => f && fs.existsSync(f));
    if (!mission) return; // a clone without the shared folder: the code's table is the contract
    const rows = fs.readFileSync(mission, 'utf8').split('\n').filter((l) => /^\| S\d\d \|/.test(l));
    const fromMission = Object.fromEntries(rows.map((l) => l.split('|').map((c) => c.trim())).map((c) => [c[1], c[4].split(', ')]));
    expect(fromMission).toEqual(Object.fromEntries(Object.values(SCENARIOS).map((s) => [s.id, s.clauses])));
  });

  test('every mission clause appears, served by artefacts or named as uncovered (no policies, reports or evidence yet)', async () => {
    const t = await trace(workWith());
    const clauses = missionClauses();
    expect(t.matrix.map((r) => r.clause).sort()).toEqual([...clauses].sort());
    expect(t.summary.clauses).toBe(clauses.length);
    expect(t.artefacts.filter((a) => ['policy', 'report', 'evidence'].includes(a.kind))).toEqual([]);
    for (const row of t.matrix) {
      const ids = [...row.scenarios.flatMap((s) => s.artefacts), ...row.otherScenarios];
      expect({ clause: row.clause, covered: row.covered }).toEqual({ clause: row.clause, covered: ids.length > 0 });
      expect({ clause: row.clause, listedUncovered: t.summary.uncovered.includes(row.clause) }).toEqual({ clause: row.clause, listedUncovered: !row.covered });
      // Each scenario the mission names for the clause is a column of its row.
      expect(row.scenarios.map((s) => s.scenario)).toEqual(Object.values(SCENARIOS).filter((s) => s.clauses.includes(row.clause)).map((s) => s.id));
      for (const id of ids) {
        const a = t.artefacts.find((x) => `${x.kind}:${x.id}` === id)!;
        expect(a.clauses.some((c) => c === row.clause || c.startsWith(`${row.clause}.`))).toBe(true);
      }
    }
    // What the foundation and this toolkit serve today, from independent sources.
    const kinds = new Set(t.artefacts.map((a) => a.kind));
    expect([...kinds].sort()).toEqual(['catalogue', 'construct', 'publication', 'resource']);
    const s10 = t.matrix.find((r) => r.clause === '6.2')!.scenarios.find((s) => s.scenario === 'S10')!;
    expect(s10.artefacts).toEqual(expect.arrayContaining(['publication:openslo/acme.yaml', 'publication:reports/acme/']));
    const agreed = t.matrix.find((r) => r.clause === '9.2')!.scenarios.find((s) => s.scenario === 'S07')!;
    expect(agreed.artefacts).toContain('catalogue:customer:acme#agreement');
  });

  test('policies (METADATA), service reports and evidence records are traced; a gap closes when something serves it', async () => {
    const base = await trace(workWith());
    const gap = base.summary.uncovered[0] ?? '8.2';
    const work = workWith({
      'policies/extra.rego': POLICY(gap),
      'policies/extra_test.rego': 'package csm.extra_test\n\nimport rego.v1\n\ntest_x if true\n',
      'evidence/20261101T000000Z-abc.json': JSON.stringify({ schema: 'csm-evidence/1', createdAt: '2026-11-01T00:00:00Z', command: ['csm', 'check'], clauses: ['6.6'], decisions: [{ findings: [{ scenario: 'S08', clauses: ['6.6'] }] }] }),
      'evidence/notes.json': JSON.stringify({ note: 'not a record' }),
    });
    const report = await runCli(['report', 'acme', '--period', '2026-10', '--metrics', path.join(REPO, 'catalogue', 'metrics', 'acme-2026-10.json'), '--catalogue', EXAMPLE_CATALOGUE], work);
    expect(report.code).toBe(0);
    const t = await trace(work);
    expect(t.summary.uncovered).not.toContain(gap);
    expect(t.artefacts.filter((a) => a.kind === 'policy')).toEqual([
      { kind: 'policy', id: 'CSM-TEST-001', title: 'Problems are recorded for every repeated incident (medium)', where: path.join(work, 'policies', 'extra.rego') + ':5', clauses: [gap], scenarios: ['S09'] },
    ]);
    expect(t.artefacts.filter((a) => a.kind === 'evidence').map((a) => [a.id, a.scenarios])).toEqual([['20261101T000000Z-abc.json', ['S08']]]);
    const reportRow = t.matrix.find((r) => r.clause === '6.2')!;
    expect(reportRow.scenarios.find((s) => s.scenario === 'S10')!.artefacts).toContain(`report:${path.join('acme', '2026-10.json')}`);
  });

  test('the bundled example with its policies serves every clause of the mission; --fail-uncovered exits 0', async () => {
    const work = workWith();
    const r = await runCli(['trace', '--format', 'json', '--catalogue', EXAMPLE_CATALOGUE, '--policies', path.join(REPO, 'policies'), '--fail-uncovered'], work);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^32 of 32 mission clauses served by \d+ artefacts; uncovered: none$/m);
    const t: TraceJson = JSON.parse(fs.readFileSync(path.join(work, 'trace', 'trace.json'), 'utf8'));
    const serving = (clause: string) => {
      const row = t.matrix.find((m) => m.clause === clause)!;
      return [...row.scenarios.flatMap((s) => s.artefacts), ...row.otherScenarios];
    };
    // The four clauses nothing served before: management commitment and policy, operating the SMS, design.
    expect(serving('4.1.1')).toEqual(expect.arrayContaining(['catalogue:provider#commitment:availability-engineering', 'policy:CSM-GOV-004']));
    expect(serving('4.1.2')).toEqual(expect.arrayContaining(['catalogue:provider#policy', 'catalogue:provider#statement:protect-customer-data', 'catalogue:provider#process-policy:security', 'policy:CSM-GOV-002', 'publication:site/provider.html']));
    expect(serving('4.5.3')).toEqual(['publication:reports/sms/']);
    expect(serving('5.1')).toEqual(expect.arrayContaining(['catalogue:service:managed-postgres', 'policy:CSM-DES-003']));
  });

  test('html: every clause a row, gaps listed first; no scripts', async () => {
    const work = workWith();
    const r = await runCli(['trace', '--catalogue', EXAMPLE_CATALOGUE], work);
    expect(r.code).toBe(0);
    const page = fs.readFileSync(path.join(work, 'trace', 'trace.html'), 'utf8');
    for (const c of missionClauses()) expect({ c, row: page.includes(`<tr data-clause="${c}"`) }).toEqual({ c, row: true });
    const uncovered = [...page.matchAll(/data-uncovered="([^"]+)"/g)].map((m) => m[1]);
    expect(r.stdout).toContain(`uncovered: ${uncovered.join(', ') || 'none'}`);
    expect(page).not.toContain('<script');
    const again = await runCli(['trace', '--catalogue', EXAMPLE_CATALOGUE], work);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('trace.html already exists');
  });

  test('bad input: a policy that does not parse, an evidence file that is not JSON; exit 2, located', async () => {
    const bad = workWith({ 'policies/broken.rego': 'package csm.broken\n\ndeny contains msg if {\n' });
    const r = await runCli(['trace', '--catalogue', EXAMPLE_CATALOGUE], bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/policies\/broken\.rego:\d+:\d+: /);
    expect(fs.existsSync(path.join(bad, 'trace'))).toBe(false);
    const ev = workWith({ 'evidence/x.json': '{ "clauses": [ "6.1" \n' });
    const e = await runCli(['trace', '--catalogue', EXAMPLE_CATALOGUE], ev);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/evidence\/x\.json:\d+:\d+: /);
    expect((await runCli(['trace', '--format', 'pdf'], ev)).stderr).toContain('--format must be html or json');
  });
});
