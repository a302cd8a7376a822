import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCatalogue } from '../src/model/load';
import { synthesize } from '../src/synth/synthesize';
import { terraform, terraformEnv } from '../src/terraform/runner';
import { catalogueWith } from './support/catalogue-fixture';
import { fakeS3, type FakeS3 } from './support/fake-s3';

/**
 * S3 state with Terraform's own lock file (`use_lockfile`, Terraform 1.10+): the backend block csm synthesizes
 * is taken by the real Terraform 1.11, which locks the state with a conditional put of `<key>.tflock` and
 * removes it after; a second run meanwhile is refused. S3 itself is a fake (test/support/fake-s3.ts): only the
 * endpoint and the skips that let the AWS SDK talk to it are added at init, as -backend-config.
 */
describe('S3 state locked by the lock file beside it', () => {
  let s3: FakeS3;
  let stackDir: string;
  const env = { ...terraformEnv(true) };
  beforeAll(async () => {
    s3 = await fakeS3();
    const dir = catalogueWith({ 'provider.yaml': (t) => t.replace('state:\n  backend: local', 'state:\n  backend: s3\n  bucket: nimbus-tfstate\n  region: eu-central-1') });
    [{ dir: stackDir }] = synthesize(loadCatalogue(dir), { outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'csm-s3-')), customers: ['corvid'] });
    const init = await terraform(
      ['init', '-input=false', '-no-color', `-backend-config=endpoints={s3="${s3.endpoint}"}`, ...['use_path_style', 'skip_credentials_validation', 'skip_requesting_account_id', 'skip_metadata_api_check', 'skip_region_validation'].map((k) => `-backend-config=${k}=true`)],
      stackDir,
      env,
    );
    if (init.code !== 0) throw new Error(init.stderr);
  }, 120_000);
  afterAll(() => s3.close());

  test('a plan takes the lock with a conditional put of <key>.tflock and gives it back', async () => {
    s3.log.length = 0;
    const plan = await terraform(['plan', '-input=false', '-no-color', '-refresh=false', '-lock-timeout=0s'], stackDir, env);
    expect(plan.code).toBe(0);
    expect(s3.log).toContain('PUT /nimbus-tfstate/csm/onboard-corvid.tfstate.tflock if-none-match:*');
    expect(s3.log).toContain('DELETE /nimbus-tfstate/csm/onboard-corvid.tfstate.tflock');
    expect(s3.objects.has('/nimbus-tfstate/csm/onboard-corvid.tfstate.tflock')).toBe(false);
  }, 120_000);

  test('while another run holds the lock, a plan is refused', async () => {
    s3.objects.set('/nimbus-tfstate/csm/onboard-corvid.tfstate.tflock', Buffer.from(JSON.stringify({ ID: 'other-run', Operation: 'OperationTypeApply', Who: 'ci@runner-2' })));
    const plan = await terraform(['plan', '-input=false', '-no-color', '-refresh=false', '-lock-timeout=0s'], stackDir, env);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(/Error acquiring the state lock/);
    s3.objects.delete('/nimbus-tfstate/csm/onboard-corvid.tfstate.tflock');
  }, 120_000);
});
