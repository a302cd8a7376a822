import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FileExistsError, writeFileAtomic, writeNewUnique } from '../src/files/write-atomic';
import { StackLockedError, lockStacks } from '../src/files/stack-lock';
import { readPlanFile, unzip } from '../src/terraform/plan-file';

const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'csm-files-'));

describe('the one writer (temp file, then its name)', () => {
  test('a new file never replaces one, and leaves no temp file behind either way', () => {
    const d = dir();
    const file = path.join(d, 'a.json');
    writeFileAtomic(file, 'first');
    expect(() => writeFileAtomic(file, 'second')).toThrow(FileExistsError);
    expect(fs.readFileSync(file, 'utf8')).toBe('first');
    writeFileAtomic(file, 'third', { mode: 'replace' });
    expect(fs.readFileSync(file, 'utf8')).toBe('third');
    expect(fs.readdirSync(d)).toEqual(['a.json']);
  });

  test('unique names: a second record of the same name gets -2, none is overwritten', () => {
    const d = dir();
    expect(path.basename(writeNewUnique(path.join(d, 'r'), '.json', '1'))).toBe('r.json');
    expect(path.basename(writeNewUnique(path.join(d, 'r'), '.json', '2'))).toBe('r-2.json');
    expect(fs.readFileSync(path.join(d, 'r.json'), 'utf8')).toBe('1');
  });
});

describe('stack locks', () => {
  test('a lock is exclusive while held and released after', () => {
    const d = dir();
    const held = lockStacks(d, ['onboard-a'], 'csm plan onboard a');
    expect(() => lockStacks(d, ['onboard-b', 'onboard-a'], 'csm apply x')).toThrow(StackLockedError);
    // All or none: the other stack of the refused attempt is not left locked.
    expect(fs.existsSync(path.join(d, '.csm', 'locks', 'onboard-b.lock'))).toBe(false);
    held.release();
    lockStacks(d, ['onboard-a'], 'csm apply x').release();
    expect(fs.readdirSync(path.join(d, '.csm', 'locks'))).toEqual([]);
  });

  test('a lock left by a process that is gone is taken over', () => {
    const d = dir();
    const gone = spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim();
    fs.mkdirSync(path.join(d, '.csm', 'locks'), { recursive: true });
    fs.writeFileSync(path.join(d, '.csm', 'locks', 'onboard-a.lock'), JSON.stringify({ pid: Number(gone), host: os.hostname(), command: 'csm plan', since: '2026-01-01T00:00:00Z', token: 'dead' }));
    const locks = lockStacks(d, ['onboard-a'], 'csm plan onboard a');
    expect(JSON.parse(fs.readFileSync(path.join(d, '.csm', 'locks', 'onboard-a.lock'), 'utf8')).pid).toBe(process.pid);
    locks.release();
  });

  test('a takeover is exclusive: while another process is taking a dead lock over, the lock is left to it', () => {
    const d = dir();
    const gone = spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim();
    const lock = path.join(d, '.csm', 'locks', 'onboard-a.lock');
    fs.mkdirSync(path.dirname(lock), { recursive: true });
    const stale = JSON.stringify({ pid: Number(gone), host: os.hostname(), command: 'csm plan', since: '2026-01-01T00:00:00Z', token: 'dead' });
    fs.writeFileSync(lock, stale);
    fs.writeFileSync(`${lock}.takeover`, '12345');
    expect(() => lockStacks(d, ['onboard-a'], 'csm plan')).toThrow(/onboard-a: could not take .* \(it keeps changing hands\)/);
    expect(fs.readFileSync(lock, 'utf8')).toBe(stale);
    // A marker left by a process killed mid-takeover is cleared once old, and the dead lock is then taken over.
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(`${lock}.takeover`, old, old);
    lockStacks(d, ['onboard-a'], 'csm plan onboard a').release();
    expect(fs.readdirSync(path.dirname(lock))).toEqual([]);
  });

  test('a lock held on another machine is not taken over (its process cannot be checked from here)', () => {
    const d = dir();
    fs.mkdirSync(path.join(d, '.csm', 'locks'), { recursive: true });
    fs.writeFileSync(path.join(d, '.csm', 'locks', 'onboard-a.lock'), JSON.stringify({ pid: 1, host: 'elsewhere', command: 'csm apply', since: '2026-01-01T00:00:00Z', token: 't' }));
    expect(() => lockStacks(d, ['onboard-a'], 'csm plan')).toThrow(/locked by `csm apply` \(pid 1 on elsewhere/);
  });
});

describe('reading a plan file', () => {
  test('a file that is not a zip, or a zip without a plan, is refused with a reason', () => {
    expect(() => unzip(Buffer.from('not a zip'))).toThrow(/not a zip archive/);
    const d = dir();
    fs.writeFileSync(path.join(d, 'x.txt'), 'x');
    const zip = spawnSync('python3', ['-c', `import zipfile; z = zipfile.ZipFile('${path.join(d, 'x.zip')}', 'w', zipfile.ZIP_DEFLATED); z.write('${path.join(d, 'x.txt')}', 'tfconfig/m-/cdk.tf.json'); z.close()`]);
    expect(zip.status).toBe(0);
    const bytes = fs.readFileSync(path.join(d, 'x.zip'));
    expect(unzip(bytes).get('tfconfig/m-/cdk.tf.json')!.toString()).toBe('x');
    expect(() => readPlanFile(bytes)).toThrow(/no tfplan entry/);
  });
});
