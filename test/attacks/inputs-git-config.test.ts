import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { catalogueWith } from '../support/catalogue-fixture';
import { check, gitRepoWith } from './support/inputs-catalogue';

/**
 * Class 5 of issue 11, from the repository's side: csm reads revisions with git, and git runs programs its
 * configuration names (a file-system monitor, filter and diff drivers selected by attributes). A repository
 * handed over with its own `.git/config` (a checkout from elsewhere, a CI cache) must not make `csm check` run
 * them. Each driver writes a marker file; none may appear.
 */
function hostileRepo() {
  const repo = gitRepoWith(catalogueWith());
  const marker = (name: string) => path.join(repo, `ran-${name}`);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'ignore' });
  git('config', 'core.fsmonitor', `touch '${marker('fsmonitor')}'; false`);
  // A driver name csm cannot know in advance, selected for every YAML file by the repository's own attributes.
  git('config', 'filter.yaml-normalise.clean', `touch '${marker('clean')}'; cat`);
  git('config', 'filter.yaml-normalise.smudge', `touch '${marker('smudge')}'; cat`);
  git('config', 'diff.yaml-words.textconv', `touch '${marker('textconv')}'; cat`);
  fs.writeFileSync(path.join(repo, '.git', 'info', 'attributes'), '*.yaml filter=yaml-normalise diff=yaml-words\n');
  // A change to review, so git compares the working tree with the base (and stats the files again).
  fs.appendFileSync(path.join(repo, 'catalogue', 'customers', 'acme.yaml'), '# reviewed\n');
  return { repo, ran: () => fs.readdirSync(repo).filter((f) => f.startsWith('ran-')) };
}

describe('SECURITY: "No value a user or a pull request gives reaches git ... as an option": nor does the repository run programs', () => {
  test('check --base HEAD in a repository whose config names an fsmonitor, filter and diff drivers runs none of them', async () => {
    const { repo, ran } = hostileRepo();
    const r = await check(['--catalogue', 'catalogue', '--base', 'HEAD'], repo);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/stacks, \d+ passed|onboard-acme/);
    expect(ran()).toEqual([]);
  });

  test('a plain check (the revision for the evidence: git status) runs no fsmonitor either', async () => {
    const { repo, ran } = hostileRepo();
    const r = await check(['--catalogue', 'catalogue'], repo);
    expect(r.code).toBe(0);
    expect(ran()).toEqual([]);
  });
});
