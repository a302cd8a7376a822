/** The other half of jest-tmpdir.js: the run's temp folder goes when the run ends. */
module.exports = require('./jest-tmpdir').teardown;
