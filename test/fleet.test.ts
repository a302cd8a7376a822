import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseShard, shardOf } from '../src/fleet/shard';
import { changedWork, fleetOf, itemStacks, shareOf, type WorkItem } from '../src/fleet/work';
import { mergeRunRecords, readShardRecords } from '../src/fleet/merge';
import { RUN_RECORD_SCHEMA, fleetOfTenancies, inputsDigest, runSummary, type RunRecord, type RunStack } from '../src/fleet/run-record';
import { loadCatalogue } from '../src/model/load';
import { catalogueWith } from './support/catalogue-fixture';
import { runCli } from './support/run-cli';

/** Fleet-wide runs without Terraform: the partition, the work a change needs, and the merge's refusals. */
const fleet = (n: number) => Array.from({ length: n }, (_, i) => `onboard-c${String(i).padStart(4, '0')}`);

describe('csm plan --shard k/n: a deterministic partition by rendezvous hashing', () => {
  test('every stack of a generated fleet of 1,000 lands in exactly one shard, for 1 to 8 shards', () => {
    const stacks = fleet(1000);
    for (let n = 1; n <= 8; n++) {
      const shares = Array.from({ length: n }, (_, k) => shareOf(stacks.map((s) => ({ operation: 'onboard' as const, target: s.slice(8), customers: [s.slice(8)], reason: '' })), { index: k + 1, count: n }).flatMap((i) => i.customers));
      const all = shares.flat();
      expect(all.length).toBe(1000);
      expect(new Set(all).size).toBe(1000);
      // Balanced as a hash is: every shard within 25 % of an even share.
      for (const share of shares) expect(Math.abs(share.length - 1000 / n)).toBeLessThan(0.25 * (1000 / n) + 5);
    }
  });

  test('adding customers moves no other stack; going from n to n+1 shards moves only what the new shard takes', () => {
    const before = fleet(1000);
    const after = [...before, ...Array.from({ length: 200 }, (_, i) => `onboard-new${i}`)];
    const items = (stacks: string[]) => stacks.map((s) => ({ operation: 'onboard' as const, target: s.slice(8), customers: [s.slice(8)], reason: '' }));
    const shardsOf = (stacks: string[], n: number) => {
      const where = new Map<string, number>();
      for (let k = 1; k <= n; k++) for (const i of shareOf(items(stacks), { index: k, count: n })) where.set(i.target, k);
      return where;
    };
    for (const n of [2, 3, 4, 7]) {
      const was = shardsOf(before, n);
      const now = shardsOf(after, n);
      expect(before.filter((s) => was.get(s.slice(8)) !== now.get(s.slice(8)))).toEqual([]);
      const grown = before.filter((s) => shardOf(s, n) !== shardOf(s, n + 1));
      // Every stack that moves, moves to the new shard, and about 1 in n+1 do (hash mod n would move most).
      for (const s of grown) expect(shardOf(s, n + 1)).toBe(n + 1);
      expect(grown.length).toBeGreaterThan(1000 / (n + 1) - 60);
      expect(grown.length).toBeLessThan(1000 / (n + 1) + 60);
    }
  });

  test('--shard is k/n with 1 <= k <= n <= 256, anything else exit 2', async () => {
    expect(parseShard('3/4')).toEqual({ index: 3, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', '1/257', '01/4', '1/4/2', ' 1/4', 'a/b', '-1/4']) expect(() => parseShard(bad)).toThrow(/--shard .*k\/n/);
    const r = await runCli(['plan', 'onboard', '--all', '--shard', '5/4', '--list']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--shard 5/4: must be k/n');
  });

  test('--list prints the run or the shard as JSON, and the shards of the example cover its fleet once', async () => {
    const whole = JSON.parse((await runCli(['plan', 'onboard', '--all', '--list'])).stdout);
    expect(whole).toMatchObject({ fleet: 3, shard: null, stacks: 3 });
    const shards = await Promise.all([1, 2, 3, 4].map(async (k) => JSON.parse((await runCli(['plan', 'onboard', '--all', '--list', '--shard', `${k}/4`])).stdout)));
    const stacks = shards.flatMap((s) => s.items.flatMap((i: { stacks: string[] }) => i.stacks));
    expect(stacks.sort()).toEqual(['onboard-acme', 'onboard-bluefin', 'onboard-corvid']);
    expect(shards.map((s) => s.fleet)).toEqual([3, 3, 3, 3]);
  });
});

describe('csm plan --changed: the operation each change needs', () => {
  const base = loadCatalogue(catalogueWith());
  const files = (...names: string[]) => names.map((n) => `catalogue/${n}`);
  const ops = (items: WorkItem[]) => items.map((i) => `${i.operation} ${i.target}${i.step ? ` (${i.step})` : ''}: ${itemStacks(i).join(' ')}`);
  const now = new Date('2026-11-25T12:00:00Z');

  test('a new customer is onboarded; a customer that grows allocates, one that shrinks releases', () => {
    const head = loadCatalogue(
      catalogueWith({
        'customers/dunlin.yaml': fs.readFileSync(path.join(base.root, 'customers', 'corvid.yaml'), 'utf8').replace('id: corvid', 'id: dunlin').replace('id: corvid-2026-06', 'id: dunlin-2026-06'),
        'customers/corvid.yaml': (t) => t.replace('option: starter, quantity: 1', 'option: starter, quantity: 2'),
      }),
    );
    // corvid and the new dunlin move the pools they use: acme and bluefin share them and are re-planned, at no cost change.
    expect(ops(changedWork(head, base, files('customers/dunlin.yaml', 'customers/corvid.yaml'), 'catalogue', now))).toEqual([
      'onboard acme: onboard-acme',
      'onboard bluefin: onboard-bluefin',
      'allocate corvid: onboard-corvid',
      'onboard dunlin: onboard-dunlin',
    ]);
    const shrunk = loadCatalogue(catalogueWith({ 'customers/acme.yaml': (t) => t.replace(/^ {2}- \{ service: object-storage.*\n/m, '') }));
    expect(ops(changedWork(shrunk, base, files('customers/acme.yaml'), 'catalogue', now)).filter((l) => l.includes('acme'))).toEqual(['release acme: onboard-acme']);
  });

  test('a change to the policies or constructs re-plans every tenancy; a retired service retires across its subscribers once', () => {
    const all = changedWork(base, base, ['policies/security.rego'], 'catalogue', now);
    expect(fleetOf(all)).toEqual(['onboard-acme', 'onboard-bluefin', 'onboard-corvid']);
    const retired = loadCatalogue(catalogueWith({ 'services/container-hosting.yaml': (t) => t.replace(/^status: \w+/m, 'status: retired') }));
    const items = changedWork(retired, base, files('services/container-hosting.yaml'), 'catalogue', now);
    const retire = items.filter((i) => i.operation === 'retire');
    expect(retire.map((i) => i.target)).toEqual(['container-hosting']);
    // Each tenancy once: a subscriber the retire plans is not planned again as a tenancy change.
    expect(new Set(items.flatMap((i) => i.customers)).size).toBe(items.flatMap((i) => i.customers).length);
  });

  test('a termination recorded and due is planned as a terminate; recorded but not yet due, as the tenancy it still is', () => {
    const record = (effective: string) => (t: string) => t.replace(/( {4}exit: \{ dataExport: customer-bucket.*\n)/, `$1    recorded: { date: "2026-09-01", effective: "${effective}", exportConfirmed: "2026-10-10" }\n`);
    const due = loadCatalogue(catalogueWith({ 'customers/corvid.yaml': record('2026-10-01') }));
    expect(ops(changedWork(due, base, files('customers/corvid.yaml'), 'catalogue', now))).toContain('terminate corvid (auto): terminate-corvid-unprotect');
    const early = loadCatalogue(catalogueWith({ 'customers/corvid.yaml': record('2027-01-01') }));
    expect(ops(changedWork(early, base, files('customers/corvid.yaml'), 'catalogue', now)).filter((l) => l.includes('corvid'))).toEqual(['onboard corvid: onboard-corvid']);
  });
});

describe('csm evidence merge: one run record from the shards, or a refusal naming what is wrong', () => {
  /** Shard records of a run over `tenancies`, as `csm plan --shard k/n` writes them, each stack with a summary file beside it. */
  function shardRecords(tenancies: string[], n: number, edit: (r: RunRecord, k: number) => void = () => undefined): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-merge-'));
    const inputs = { 'catalogue/provider.yaml': 'a'.repeat(64) };
    for (let k = 1; k <= n; k++) {
      const stacks: RunStack[] = tenancies
        .filter((t) => shardOf(t, n) === k)
        .map((t) => {
          const summary = path.join(dir, 'cdktf.out', 'stacks', t, 'plans', 's.summary.md');
          fs.mkdirSync(path.dirname(summary), { recursive: true });
          fs.writeFileSync(summary, `# onboard ${t}\n`);
          const sha = require('crypto').createHash('sha256').update(fs.readFileSync(summary)).digest('hex');
          return { stack: t, tenancy: t, operation: 'onboard', target: t.slice(8), customer: t.slice(8), step: null, shard: `${k}/${n}`, reason: '--all', passed: t !== 'onboard-c0003', gates: [{ gate: 'plan', status: t === 'onboard-c0003' ? 'failed' : 'passed', deny: t === 'onboard-c0003' ? ['CSM-SEC-001'] : [], warn: [], waived: [], error: null }], counts: { add: 1, change: 0, replace: 0, destroy: 0, forget: 0 }, planRecord: null, summary: { file: path.relative(path.join(dir, 'evidence'), summary), sha256: sha }, seconds: 1, error: null };
        });
      const record: RunRecord = {
        schema: RUN_RECORD_SCHEMA,
        kind: 'plan',
        createdAt: '2026-11-25T12:00:00.000Z',
        tool: { name: 'csm', version: '0.1.0' },
        revision: { commit: 'c'.repeat(40), dirty: false },
        command: ['csm', 'plan'],
        evaluationTime: '2026-11-25T12:00:00.000Z',
        base: null,
        inputs,
        inputsSha256: inputsDigest(inputs),
        policyBundle: { hash: 'b'.repeat(64), sources: {} },
        fleet: fleetOfTenancies(tenancies),
        shard: { index: k, count: n },
        stacks,
        decisions: stacks.map((s) => ({ stack: s.stack, customer: s.customer, gate: 'plan', operation: 'onboard', status: s.gates[0].status, error: null, inputSha256: null, findings: [] })),
        waiversApplied: [],
        clauses: ['6.6'],
        scenarios: [],
        summary: runSummary(stacks),
      };
      edit(record, k);
      fs.mkdirSync(path.join(dir, 'evidence'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'evidence', `shard-${k}.json`), JSON.stringify(record));
    }
    return dir;
  }
  const tenancies = fleet(40);
  const merge = (dir: string) => mergeRunRecords(readShardRecords([path.join(dir, 'evidence')]).shards, path.join(dir, 'merged'), ['csm', 'evidence', 'merge']);

  test('three shards merge into one record naming every stack once, with the summary of the whole fleet', () => {
    const dir = shardRecords(tenancies, 3);
    const merged = merge(dir);
    expect(merged.stacks.map((s) => s.stack)).toEqual(tenancies);
    expect(merged.summary).toEqual({ stacks: 40, passed: 39, denied: 1, failed: 0 });
    expect(merged.merged!.shards.map((s) => s.shard)).toEqual(['1/3', '2/3', '3/3']);
    // Paths now lead from the merged record's folder to the same files.
    const s = merged.stacks[0];
    expect(fs.readFileSync(path.resolve(dir, 'merged', s.summary!.file), 'utf8')).toBe(`# onboard ${s.stack}\n`);
  });

  test('a missing shard, a shard given twice, or a record of another run is refused, named', async () => {
    const dir = shardRecords(tenancies, 3);
    fs.rmSync(path.join(dir, 'evidence', 'shard-2.json'));
    expect(() => merge(dir)).toThrow('shard 2/3 missing: 2 of 3 shard records given');
    const twice = shardRecords(tenancies, 3);
    fs.copyFileSync(path.join(twice, 'evidence', 'shard-1.json'), path.join(twice, 'evidence', 'shard-1-again.json'));
    expect(() => merge(twice)).toThrow(/shard 1\/3 is given 2 times: .*shard-1-again\.json, .*shard-1\.json/);
    const other = shardRecords(tenancies, 3, (r, k) => {
      if (k === 3) r.revision = { commit: 'd'.repeat(40), dirty: false };
    });
    expect(() => merge(other)).toThrow(/shard-3\.json and .*shard-1\.json are not shards of one run: their revision differ/);
    const later = shardRecords(tenancies, 3, (r, k) => {
      if (k === 2) r.evaluationTime = '2026-11-26T12:00:00.000Z';
    });
    expect(() => merge(later)).toThrow(/evaluation time \(give every shard the same --now\) differ/);
    // Through the CLI: exit 2 with the reason.
    const r = await runCli(['evidence', 'merge', path.join(dir, 'evidence'), '--out', path.join(dir, 'merged')], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('shard 2/3 missing');
  });

  test("the SMS report counts each shard's run as a gate run, and the merged record not again", async () => {
    const dir = shardRecords(fleet(6), 2);
    const merged = merge(dir);
    fs.writeFileSync(path.join(dir, 'evidence', 'merged.json'), JSON.stringify({ ...merged, createdAt: '2026-11-25T12:05:00.000Z' }));
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-sms-'));
    const r = await runCli(['report', 'sms', '--period', '2026-11', '--evidence', path.join(dir, 'evidence'), '--catalogue', path.join(__dirname, '..', 'catalogue'), '--out', path.join(cwd, 'out')], cwd);
    expect({ code: r.code, err: r.stderr }).toEqual({ code: 0, err: expect.any(String) });
    const report = JSON.parse(fs.readFileSync(path.join(cwd, 'out', 'sms', '2026-11.json'), 'utf8'));
    // Two shards, six stacks evaluated at the plan gate, one denied; the merged record adds nothing.
    expect(report.gate).toMatchObject({ runs: 2, evaluations: { passed: 5, failed: 1 } });
  });

  test('nothing vouches for itself: a stack moved to another shard, a stack twice, edited digests or summaries are refused', () => {
    const moved = shardRecords(tenancies, 3, (r, k) => {
      if (k === 1) r.stacks.push({ ...r.stacks[0], stack: 'onboard-c0039', tenancy: 'onboard-c0039' });
    });
    expect(() => merge(moved)).toThrow(shardOf('onboard-c0039', 3) === 1 ? /planned twice/ : /onboard-c0039 is in shard 1\/3's record, but its tenancy onboard-c0039 hashes to shard/);
    const lost = shardRecords(tenancies, 3, (r, k) => {
      if (k === 2) r.stacks.pop();
    });
    expect(() => merge(lost)).toThrow(/1 tenancy of the fleet planned by no shard: onboard-c/);
    const forged = shardRecords(tenancies, 3, (r, k) => {
      if (k === 1) r.inputs = { 'catalogue/provider.yaml': 'f'.repeat(64) };
    });
    expect(() => merge(forged)).toThrow(/shard-1\.json: inputsSha256 is not the digest of its inputs/);
    const edited = shardRecords(tenancies, 3);
    const first = merge(edited).stacks[5];
    fs.appendFileSync(path.resolve(edited, 'merged', first.summary!.file), 'approved\n');
    expect(() => merge(edited)).toThrow(new RegExp(`${first.stack}: .*s\\.summary\\.md changed since the shard recorded it`));
  });
});
