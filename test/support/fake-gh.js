#!/usr/bin/env node
// A fake `gh` for the GitHub API calls csm's workflows make (GitHub cannot be reached here). It keeps comments
// and issues in $FAKE_GH_STATE (JSON), logs each call, and answers as GitHub would for this repository: the
// `--jq` filters of the workflows are not evaluated; the fake returns what each one selects (the comment or
// issue that starts with csm's marker, the pull request of a head commit, the run of a commit).
const fs = require('fs');
const path = require('path');
const file = process.env.FAKE_GH_STATE;
const state = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { comments: [], issues: [], labels: [], calls: [] };
const args = process.argv.slice(2);
state.calls.push(args);
const save = () => fs.writeFileSync(file, JSON.stringify(state, null, 2));
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const body = () => {
  const f = args.find((a) => a.startsWith('body=@'));
  return f ? fs.readFileSync(f.slice(6), 'utf8') : fs.readFileSync(opt('--body-file'), 'utf8');
};
const out = (v) => v !== undefined && v !== null && process.stdout.write(`${v}\n`);
const [cmd, sub] = args;
const apiPath = args.find((a, i) => i > 0 && a.startsWith('repos/'));
if (cmd === 'api') {
  const method = opt('-X') ?? 'GET';
  if (/\/commits\/[0-9a-f]+\/pulls$/.test(apiPath)) {
    const sha = apiPath.split('/')[4];
    const pr = state.pulls?.find((p) => p.head === sha || p.merge === sha);
    out(pr ? (args.join(' ').includes('merged_at') ? pr.head : pr.number) : '');
  } else if (/\/issues\/\d+\/comments$/.test(apiPath) && method === 'GET') {
    out(state.comments.find((c) => c.body.startsWith('<!-- csm:plan-run -->'))?.id ?? '');
  } else if (/\/issues\/\d+\/comments$/.test(apiPath) && method === 'POST') {
    state.comments.push({ id: 1000 + state.comments.length, pr: Number(apiPath.split('/')[4]), body: body() });
  } else if (/\/issues\/comments\/\d+$/.test(apiPath) && method === 'PATCH') {
    const c = state.comments.find((x) => x.id === Number(apiPath.split('/').pop()));
    c.body = body();
    c.edits = (c.edits ?? 0) + 1;
  } else throw new Error(`fake gh: unknown call ${args.join(' ')}`);
} else if (cmd === 'label') {
  state.labels.push(args[2]);
} else if (cmd === 'issue' && sub === 'list') {
  out(state.issues.find((i) => i.open && i.body.startsWith('<!-- csm:drift-run -->'))?.number ?? '');
} else if (cmd === 'issue' && sub === 'create') {
  state.issues.push({ number: 1 + state.issues.length, open: true, title: opt('--title'), label: opt('--label'), body: body() });
} else if (cmd === 'issue' && sub === 'edit') {
  state.issues.find((i) => i.number === Number(args[2])).body = body();
} else if (cmd === 'issue' && sub === 'close') {
  state.issues.find((i) => i.number === Number(args[2])).open = false;
} else if (cmd === 'run' && sub === 'list') {
  out(state.runs?.[opt('--commit')] ?? '');
} else if (cmd === 'run' && sub === 'download') {
  fs.cpSync(path.join(process.env.FAKE_GH_ARTIFACTS, opt('-n')), opt('-D'), { recursive: true });
} else throw new Error(`fake gh: unknown call ${args.join(' ')}`);
save();
