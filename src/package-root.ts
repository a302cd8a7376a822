import * as fs from 'fs';
import * as path from 'path';

/**
 * The folder csm itself is installed in (where its schemas, policies and Terraform CLI config ship), found by
 * walking up to csm's package.json. Works the same from `src/` (tests) and `dist/src/` (precompiled).
 */
export const PACKAGE_ROOT: string = (() => {
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'csm') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`csm: cannot find the csm package root above ${__dirname}`);
    dir = up;
  }
})();
