import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Catalogue } from '../model/types';
import { PACKAGE_ROOT } from '../package-root';
import { sha256 } from '../policy/sources';
import { userCacheDir } from '../util/user-cache';

/**
 * `csm check --plan-json` outside a csm project: a platform team gating its own Terraform. There is no catalogue
 * (the house rules that read customers, services and agreements stay silent), the policies are the ones shipped
 * with csm, and nothing is written in the current directory unless asked (`--evidence`, `--output`).
 */
export const SHIPPED_POLICIES = path.join(PACKAGE_ROOT, 'policies');

/** A csm project is a folder with a catalogue: its provider context. */
export const isCsmProject = (catalogueDir: string): boolean => fs.existsSync(path.join(catalogueDir, 'provider.yaml'));

/** The catalogue of a run outside a project: nobody, nothing offered, nothing agreed. */
export function noCatalogue(): Catalogue {
  return {
    root: '',
    provider: {
      id: '',
      name: '',
      description: '',
      regions: [],
      obligations: [],
      contacts: [],
      // No management policy to review: the governance rules are judged only on a project's catalogue.
      policy: { title: '', approvedBy: { name: '', email: '' }, approved: '', nextReview: '', statements: [], processPolicies: [] },
      commitments: [],
      aws: { accountId: '', offline: true },
    },
    services: new Map(),
    incompleteServices: new Map(),
    customers: new Map(),
    improvements: [],
    files: new Map(),
    locate: new Map(),
  };
}

/**
 * Where a policies folder's bundle is built outside a project: the user's own cache (`userCacheDir`), one folder per policies folder, rebuilt when its sources change.
 */
export function userBundleDir(policiesDir: string): string {
  const dir = path.join(userCacheDir(), `policy-bundle-${sha256(path.resolve(policiesDir)).slice(0, 12)}`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
    return dir;
  } catch {
    // No writable cache (a read-only home, say): build in a folder of this run's own, compiled afresh.
    return fs.mkdtempSync(path.join(os.tmpdir(), 'csm-policy-bundle-'));
  }
}
