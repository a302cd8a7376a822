#!/bin/sh
# One note on the merge request with the plan summary, updated in place: found by csm's marker line.
set -eu
body="$1"
marker='<!-- csm:plan-run -->'
[ -n "${CSM_GITLAB_TOKEN:-}" ] || { echo "CSM_GITLAB_TOKEN is not set: no merge request note"; exit 0; }
[ -f "$body" ] || exit 0
{ printf '%s\n' "$marker"; grep -vF -- "$marker" "$body" | head -c 60000; } > csm-note.md
api="node .gitlab/csm/gitlab-api.js"
id=$($api get "/merge_requests/$CI_MERGE_REQUEST_IID/notes?per_page=100" | node -e '
  const notes = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const mine = notes.find((n) => typeof n.body === "string" && n.body.startsWith(process.argv[1]));
  if (mine) console.log(mine.id);' "$marker")
if [ -n "$id" ]; then $api put "/merge_requests/$CI_MERGE_REQUEST_IID/notes/$id" body csm-note.md > /dev/null; echo "updated note $id"
else $api post "/merge_requests/$CI_MERGE_REQUEST_IID/notes" body csm-note.md > /dev/null; echo "noted on !$CI_MERGE_REQUEST_IID"; fi
