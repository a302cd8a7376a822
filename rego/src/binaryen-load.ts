// Loading binaryen.js from CommonJS. binaryen ships as an ES module with top-level await, so it needs a real
// dynamic `import()` (hidden from tsc, which would rewrite it to `require`). Where dynamic import is not
// available (jest's CommonJS sandbox without --experimental-vm-modules), the pinned binaryen@123 file is
// evaluated as a function instead: its only ESM features are `import.meta.url`, one `import("module")` and the
// final top-level-await export, which are substituted textually.
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Binaryen = any;

let binaryenP: Promise<Binaryen> | undefined;

export function loadBinaryen(): Promise<Binaryen> {
  binaryenP ??= (new Function('s', 'return import(s)')('binaryen') as Promise<{ default: Binaryen }>)
    .then((m) => m.default)
    .catch(() => loadAsFunction());
  return binaryenP;
}

function loadAsFunction(): Promise<Binaryen> {
  const file = require.resolve('binaryen');
  let src = fs.readFileSync(file, 'utf8');
  const tail = /var (\w+)=await (\w+)\(\),(\w+)=\1;export\{\3 as default\};\s*$/;
  const m = tail.exec(src);
  if (!m) throw new Error('unsupported binaryen build: ' + file);
  src = src.replace(tail, `return ${m[2]}();`);
  src = src.split('import.meta.url').join('__binaryen_url');
  src = src.split('import("module")').join('Promise.resolve(require("module"))');
  const fn = new Function('require', '__binaryen_url', src) as (r: NodeRequire, u: string) => Promise<Binaryen>;
  return fn(require, pathToFileURL(path.resolve(file)).href);
}
