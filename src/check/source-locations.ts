import * as fs from 'fs';
import * as path from 'path';
import type { SourceLocation } from '../model/types';
import { parseModule } from '../view/address';

/**
 * Where a resource of a plan is written in the Terraform sources (`--source-root`): its `resource "<type>"
 * "<name>"` block, in the folder of the module instance it belongs to. Module folders come from the
 * `module "<name>" { source = "./..." }` blocks (local sources), or from `.terraform/modules/modules.json` when
 * `terraform init` has fetched remote ones. A resource in a module csm cannot open points at the module call.
 */
interface Block {
  kind: 'resource' | 'data' | 'module';
  labels: string[];
  location: SourceLocation;
  /** For a module call: its `source`, when written as a string. */
  source?: string;
}

const BLOCK = /^\s*(resource|data|module)\s+((?:"[^"]*"\s*)+)\{/;

/** The top-level blocks of one .tf file, found line by line (a block opens at the start of a line). */
function blocksOf(file: string): Block[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const blocks: Block[] = [];
  let depth = 0;
  let open: Block | undefined;
  lines.forEach((line, i) => {
    const text = line.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/(#|\/\/).*$/, '');
    if (depth === 0) {
      const m = BLOCK.exec(line);
      if (m) {
        open = { kind: m[1] as Block['kind'], labels: [...m[2].matchAll(/"([^"]*)"/g)].map((x) => x[1]), location: { file, line: i + 1, column: line.indexOf(m[1]) + 1 } };
        blocks.push(open);
      }
    } else if (depth === 1 && open?.kind === 'module') {
      const source = /^\s*source\s*=\s*"([^"]*)"/.exec(line);
      if (source) open.source = source[1];
    }
    for (const c of text) depth += c === '{' ? 1 : c === '}' ? -1 : 0;
    if (depth <= 0) {
      depth = 0;
      open = undefined;
    }
  });
  return blocks;
}

export class SourceLocator {
  private readonly blocks = new Map<string, Block[]>();
  private readonly initialized: Map<string, string>;

  constructor(private readonly root: string) {
    // `terraform init` records every module it installed, keyed by the call names joined with dots.
    const manifest = path.join(root, '.terraform', 'modules', 'modules.json');
    const recorded = fs.existsSync(manifest) ? (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { Modules?: Array<{ Key: string; Dir: string }> }).Modules ?? [] : [];
    this.initialized = new Map(recorded.map((m) => [m.Key, path.resolve(root, m.Dir)]));
  }

  private blocksIn(dir: string): Block[] {
    let found = this.blocks.get(dir);
    if (!found) {
      const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.tf')).sort() : [];
      found = files.flatMap((f) => blocksOf(path.join(dir, f)));
      this.blocks.set(dir, found);
    }
    return found;
  }

  /** The folder of the module at `calls` (call names from the root), or the call block when its folder is out of reach. */
  private moduleDir(calls: string[]): { dir: string } | { call: SourceLocation } | null {
    let dir = path.resolve(this.root);
    for (let i = 0; i < calls.length; i++) {
      const recorded = this.initialized.get(calls.slice(0, i + 1).join('.'));
      const call = this.blocksIn(dir).find((b) => b.kind === 'module' && b.labels[0] === calls[i]);
      if (recorded && fs.existsSync(recorded)) dir = recorded;
      else if (call?.source && /^\.\.?\//.test(call.source)) dir = path.resolve(dir, call.source);
      else return call ? { call: call.location } : null;
    }
    return { dir };
  }

  /** The block of a resource instance (`module.a["x"].aws_s3_bucket.b[0]`), given its module address, mode, type and name. */
  locate(r: { module: string | null; mode?: string; type: string; name: string }): SourceLocation | null {
    const modules = parseModule(r.module ?? undefined);
    if (!modules) return null;
    const at = this.moduleDir(modules.map((m) => m.name));
    if (!at) return null;
    if ('call' in at) return at.call;
    const kind = r.mode === 'data' ? 'data' : 'resource';
    return this.blocksIn(at.dir).find((b) => b.kind === kind && b.labels[0] === r.type && b.labels[1] === r.name)?.location ?? null;
  }
}

/** Where a resource's change sits in the plan file itself: the location a finding has without sources. */
export function planFileLocation(file: string, text: string, address: string): SourceLocation {
  const needle = JSON.stringify(address);
  let offset = text.search(new RegExp(`"address"\\s*:\\s*${needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  if (offset < 0) offset = 0;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { file, line, column: offset - before.lastIndexOf('\n') };
}
