import * as fs from 'fs';
import * as path from 'path';

/** Rules of the code's shape that keep two promises by construction (SECURITY.md, classes 1 and 5). */
const ROOT = path.join(__dirname, '..');
const sources = (dir: string): Array<{ file: string; text: string }> =>
  fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name))
    .map((file) => ({ file: path.relative(ROOT, file), text: fs.readFileSync(file, 'utf8') }));

describe('the shape of the code', () => {
  test('stacks and constructs never load the catalogue nor name its raw model: they see it through forTerraform only', () => {
    // stacks/main.ts is the app entry cdktf.json names: it loads the catalogue and hands it to synthesize(),
    // which crosses the boundary; it builds no construct itself.
    const offenders = [...sources('stacks'), ...sources('constructs')].filter(
      ({ file, text }) =>
        file !== path.join('stacks', 'main.ts') && /from '[./]*src\/model\/(load|yaml-source)'/.test(text) || /\b(Catalogue|Customer|Service|ProviderContext)\b(?![A-Za-z])[^\n]*from '[./]*src\/model\/types'/.test(text),
    );
    expect(offenders.map((o) => o.file)).toEqual([]);
  });

  test('git runs from src/git/ only, where every user value is resolved before it reaches git', () => {
    const offenders = sources('src').filter(({ file, text }) => !file.startsWith(`src${path.sep}git${path.sep}`) && /\b(execFile|execFileSync|spawn|spawnSync)\(\s*'git'/.test(text));
    expect(offenders.map((o) => o.file)).toEqual([]);
  });
});
