import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { OnboardStack, onboardStackName } from '../../stacks/onboard';
import type { Catalogue } from '../model/types';
import { forTerraform, type SynthCustomer } from './terraform-literal';
import { writeFileAtomic } from '../files/write-atomic';
import { claimStackFolders } from './stack-folder';

export interface SynthOptions {
  /** Output folder. Default `cdktf.out`. */
  outdir?: string;
  /** Only these customers (default: all). */
  customers?: string[];
  /** Stacks per cdktf App: bounds memory when synthesizing thousands of customers. Default 200. */
  batchSize?: number;
  onStack?: (name: string, index: number, total: number) => void;
}

export interface SynthesizedStack {
  name: string;
  customer: string;
  /** `cdktf.out/stacks/<name>`, relative to the working directory when outdir was. */
  dir: string;
  file: string;
}

/**
 * The App every csm synth goes through. Stack traces in construct metadata would make the output depend on the
 * machine: kept off. Before writing, each stack's folder is claimed (`claimStackFolders`): nothing a checkout
 * holds there is written through or read by Terraform beside the stack.
 */
class CsmApp extends App {
  constructor(private readonly outdirPath: string) {
    super({ outdir: outdirPath, stackTraces: false });
  }

  override synth(): void {
    const stacks = this.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack).map((s) => s.node.id);
    claimStackFolders(this.outdirPath, stacks);
    super.synth();
  }
}

export function newCsmApp(outdir: string): App {
  return new CsmApp(outdir);
}

/**
 * Synthesizes the onboarding stack (S08) of every customer into `<outdir>/stacks/<stack>/cdk.tf.json`,
 * deterministically: the same catalogue gives the same bytes.
 */
export function synthesize(catalogue: Catalogue, options: SynthOptions = {}): SynthesizedStack[] {
  const outdir = options.outdir ?? 'cdktf.out';
  const wanted = options.customers ?? [...catalogue.customers.keys()].sort();
  // The stacks see the catalogue through the literal boundary only: every string is literal text to Terraform.
  const literal = forTerraform(catalogue);
  const customers: SynthCustomer[] = wanted.map((id) => {
    const c = literal.customers.get(id);
    if (!c) throw new Error(`unknown customer "${id}" (catalogue has: ${[...catalogue.customers.keys()].join(', ')})`);
    return c;
  });
  const batchSize = options.batchSize ?? 200;
  const result: SynthesizedStack[] = [];
  for (let start = 0; start < customers.length; start += batchSize) {
    const app = newCsmApp(outdir);
    const batch = customers.slice(start, start + batchSize);
    for (const customer of batch) new OnboardStack(app, { provider: literal.provider, customer, services: literal.services });
    app.synth();
    batch.forEach((customer, i) => {
      const name = onboardStackName(customer.id);
      const dir = path.join(outdir, 'stacks', name);
      result.push({ name, customer: customer.id, dir, file: path.join(dir, 'cdk.tf.json') });
      options.onStack?.(name, start + i + 1, customers.length);
    });
  }
  writeManifest(outdir, result);
  return result;
}

/**
 * Synthesizes an App into a folder other stacks were synthesized to before: cdktf rewrites `manifest.json` with
 * this App's stacks only, so the entries of the others are kept.
 */
export function synthBeside(app: App, outdir: string): void {
  const manifestFile = path.join(outdir, 'manifest.json');
  const before = fs.existsSync(manifestFile) ? (JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { stacks?: object }) : undefined;
  app.synth();
  if (!before?.stacks) return;
  const after = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { stacks?: object };
  writeFileAtomic(manifestFile, JSON.stringify({ ...after, stacks: { ...before.stacks, ...after.stacks } }, null, 2) + '\n', { mode: 'replace' });
}

/** cdktf writes a manifest per App; with batches, csm writes one for the whole run, listing every stack. */
function writeManifest(outdir: string, stacks: SynthesizedStack[]): void {
  const manifest = {
    version: 'csm',
    stacks: Object.fromEntries(
      stacks.map((s) => [s.name, { name: s.name, synthesizedStackPath: `stacks/${s.name}/cdk.tf.json`, workingDirectory: `stacks/${s.name}` }]),
    ),
  };
  fs.writeFileSync(path.join(outdir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
}
