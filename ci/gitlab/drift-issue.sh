#!/bin/sh
# Opens, updates or closes the one open issue labelled csm-drift (found by csm's marker line).
set -eu
body="$1"; status="$2"
marker='<!-- csm:drift-run -->'
[ -n "${CSM_GITLAB_TOKEN:-}" ] || { echo "CSM_GITLAB_TOKEN is not set: no drift issue"; exit "$status"; }
api="node .gitlab/csm/gitlab-api.js"
iid=$($api get "/issues?state=opened&labels=csm-drift&per_page=100" | node -e '
  const issues = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const mine = issues.find((i) => typeof i.description === "string" && i.description.startsWith(process.argv[1]));
  if (mine) console.log(mine.iid);' "$marker")
if [ "$status" = 0 ]; then
  if [ -n "$iid" ]; then printf 'closed by the drift check: nothing drifted' > csm-close.md; $api put "/issues/$iid?state_event=close" body csm-close.md > /dev/null; fi
  echo "no drift"
elif [ -n "$iid" ]; then $api put "/issues/$iid" description "$body" > /dev/null; echo "updated issue #$iid"
else $api post "/issues?title=csm%20drift%3A%20tenancies%20drifted%20or%20a%20gate%20now%20fails&labels=csm-drift" description "$body" > /dev/null; echo "opened an issue"; fi
