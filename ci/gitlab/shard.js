// Which shard this job of csm:plan takes (`k/n`), or nothing when the change needs fewer jobs than run:
// one job up to CSM_SHARD_THRESHOLD stacks, else one per threshold's worth, up to the job's `parallel:`.
const fs = require('fs');
const { stacks } = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const threshold = Math.max(1, Number(process.env.CSM_SHARD_THRESHOLD) || 20);
const total = Math.max(1, Number(process.env.CI_NODE_TOTAL) || 1);
const index = Math.max(1, Number(process.env.CI_NODE_INDEX) || 1);
const count = stacks <= threshold ? 1 : Math.min(total, Math.ceil(stacks / threshold));
if (index <= count) console.log(`${index}/${count}`);
