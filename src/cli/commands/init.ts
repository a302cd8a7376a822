import * as fs from 'fs';
import * as path from 'path';
import type { Command } from '../command';
import { EXIT, UsageError, str } from '../command';
import { pathArg } from '../catalogue-arg';
import { InputError } from '../../model/errors';
import { PACKAGE_ROOT } from '../../package-root';
import { writeFileAtomic } from '../../files/write-atomic';

/** The CI definitions csm ships (ci/<provider>/ in the package) and where each goes in a provider's repository. */
export const CI_TEMPLATES: Record<string, Array<{ from: string; to: string }>> = {
  github: ['csm-pull-request.yml', 'csm-pull-request-report.yml', 'csm-apply.yml', 'csm-drift.yml'].map((f) => ({ from: path.join('ci', 'github', f), to: path.join('.github', 'workflows', f) })),
  gitlab: [
    { from: path.join('ci', 'gitlab', 'csm.gitlab-ci.yml'), to: '.gitlab-ci.yml' },
    ...['install-terraform.sh', 'shard.js', 'gitlab-api.js', 'merge-request-note.sh', 'reviewed-plans.sh', 'drift-issue.sh'].map((f) => ({ from: path.join('ci', 'gitlab', f), to: path.join('.gitlab', 'csm', f) })),
  ],
};

/** Files that already exist where `csm init` would write: nothing is written then, unless --force. */
export class InitRefusedError extends InputError {}

export const initCommand: Command = {
  name: 'init',
  summary: 'Copy the CI workflows csm ships into a repository: the pull-request gate and plan, apply on merge, the drift check.',
  usage: 'csm init ci github|gitlab [--dir repo] [--force]',
  description:
    'github: .github/workflows/csm-pull-request.yml (check, plan, one comment), csm-pull-request-report.yml\n' +
    '(code scanning, test report and the comment, from the run\'s artefacts), csm-apply.yml (apply the reviewed\n' +
    'plans on merge) and csm-drift.yml (scheduled drift check). gitlab: .gitlab-ci.yml with the same jobs and\n' +
    'the scripts they call in .gitlab/csm/.\n' +
    'Existing files are never replaced: csm names them and writes nothing (exit 2) unless --force. The README\n' +
    'section "CI: from a pull request to applied" lists the settings each provider needs (OIDC roles, the\n' +
    'protected environment, variables).',
  options: [
    { name: 'dir', value: 'repo', description: 'the repository to write into (default: the current folder)' },
    { name: 'force', description: 'replace files that exist' },
  ],
  async run(args, io) {
    const [what, provider, ...rest] = args.positionals;
    if (what !== 'ci' || !provider || rest.length) throw new UsageError('usage: csm init ci github|gitlab');
    const templates = CI_TEMPLATES[provider];
    if (!templates) throw new UsageError(`csm init ci: unknown provider "${provider}" (known: ${Object.keys(CI_TEMPLATES).join(', ')})`);
    const dir = pathArg(io, str(args, 'dir') ?? '.');
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`--dir ${dir}: not a folder`);
    const targets = templates.map((t) => ({ from: path.join(PACKAGE_ROOT, t.from), to: path.join(dir, t.to) }));
    const existing = targets.filter((t) => fs.existsSync(t.to));
    if (existing.length && args.options.force !== true) {
      throw new InitRefusedError(`csm init ci ${provider}: ${existing.map((t) => t.to).join(', ')} already exist${existing.length === 1 ? 's' : ''}; nothing written (use --force to replace)`);
    }
    for (const t of targets) {
      fs.mkdirSync(path.dirname(t.to), { recursive: true });
      writeFileAtomic(t.to, fs.readFileSync(t.from), { mode: existing.some((e) => e.to === t.to) ? 'replace' : 'new', fileMode: fs.statSync(t.from).mode & 0o777 });
      io.out(`wrote ${t.to}`);
    }
    io.out(`next: the settings these need are in the README, "CI: from a pull request to applied"`);
    return EXIT.ok;
  },
};
