import * as fs from 'fs';
import * as path from 'path';
import { OutputRefusedError } from '../files/output-target';
import { ForeignFileError, lstatIfAny as lstat, realFolder } from '../files/own-folder';

/**
 * The synth output (`cdktf.out` by default) sits in the checkout, where a pull request can commit anything, and
 * Terraform reads every `*.tf`, `*.tf.json`, `*.tfvars` and override file of the folder it runs in, and the
 * providers, modules and workspace under its `.terraform/`. So before csm writes a stack, the only file its
 * folder may hold is `cdk.tf.json` (a plain file, rewritten now); folders (`plans/`, whose records csm never
 * believes, or a copy of them someone made) are kept, since Terraform reads no folder the stack does not name.
 * Terraform's own `.terraform/` and dependency lock file are removed, so `terraform init` builds them afresh
 * from the runner's provider mirror and cache. Any other file, and a link anywhere on the way (a stack folder,
 * `cdk.tf.json`, `plans/` or `manifest.json` that is a symbolic link would have csm write through it, over a
 * file it did not create), is refused, naming it.
 */
const REWRITTEN = new Set(['cdk.tf.json']);
const TERRAFORM_OWN = new Set(['.terraform', '.terraform.lock.hcl']);

/** Checks (and clears of Terraform's own leftovers) the folder each named stack is about to be written to. */
export function claimStackFolders(outdir: string, stacks: readonly string[]): void {
  claimOutdir(outdir);
  if (!realFolder(outdir) || !realFolder(path.join(outdir, 'stacks'))) return;
  for (const name of stacks) {
    const dir = path.join(outdir, 'stacks', name);
    if (!realFolder(dir)) continue;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (TERRAFORM_OWN.has(entry.name)) fs.rmSync(file, { recursive: true, force: true });
      else if (REWRITTEN.has(entry.name)) {
        if (!entry.isFile()) throw new ForeignFileError(file, 'not a plain file');
      } else if (entry.isDirectory() || entry.isSymbolicLink()) realFolder(file);
      else throw new ForeignFileError(file, 'not written by csm, and Terraform would read it with the stack');
    }
  }
}

/** What csm writes at the top of a synth output: the stacks, the manifest, the retire plans' reports. */
const OUTDIR_ENTRIES = new Set(['manifest.json', 'stacks', 'retire']);

/**
 * A synth output folder csm may write into: one that does not exist yet, or holds nothing but what csm writes
 * there (`stacks/`, `retire/` and the manifest of an earlier synth: csm's or cdktf's, listing `stacks`). Any other folder is someone else's
 * (`--out .`, `--out src`): its `manifest.json` and `stacks/` would be replaced.
 */
export function claimOutdir(outdir: string): void {
  if (!realFolder(outdir)) return;
  const refuse = (why: string) => {
    throw new OutputRefusedError(`--out ${outdir}: ${why}; name a new folder, an empty one or an earlier synth output`);
  };
  const other = fs.readdirSync(outdir).find((name) => !OUTDIR_ENTRIES.has(name));
  if (other !== undefined) refuse(`not a synth output folder (it holds ${other})`);
  const manifest = path.join(outdir, 'manifest.json');
  const st = lstat(manifest);
  if (!st) return;
  if (!st.isFile()) throw new ForeignFileError(manifest, 'not a plain file');
  let stacks: unknown;
  try {
    stacks = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { stacks?: unknown }).stacks;
  } catch {
    stacks = undefined;
  }
  if (!stacks || typeof stacks !== 'object') refuse('its manifest.json is not the manifest of a synth');
}
