/**
 * Every test run gets a temp folder of its own, removed when the run ends: the tests make many scratch projects
 * (catalogues, plans, evidence) with os.tmpdir(), and CI machines and developers' laptops should not keep them.
 * Set in the parent before jest starts its workers, which inherit the environment; os.tmpdir() reads TMPDIR.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-test-run-'));
  process.env.CSM_TEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
};

module.exports.teardown = async function teardown() {
  const dir = process.env.CSM_TEST_TMPDIR;
  if (dir && path.basename(dir).startsWith('csm-test-run-')) fs.rmSync(dir, { recursive: true, force: true });
};
