#!/bin/sh
# The plans reviewed on the merge request this push merged: the artefacts of the csm:review job of its last
# successful merge-request pipeline, unpacked into the project folder (review/, cdktf.out/.../plans/).
set -eu
api="node .gitlab/csm/gitlab-api.js"
pick() { node -e "$1" "$2"; }
iid=$($api get "/repository/commits/$CI_COMMIT_SHA/merge_requests" | pick '
  const mrs = JSON.parse(require("fs").readFileSync(0, "utf8")).filter((m) => m.state === "merged");
  if (mrs[0]) console.log(mrs[0].iid);' "")
[ -n "$iid" ] || { echo "no merged merge request for $CI_COMMIT_SHA: nothing reviewed to apply" >&2; exit 1; }
pipeline=$($api get "/merge_requests/$iid/pipelines" | pick '
  const p = JSON.parse(require("fs").readFileSync(0, "utf8")).find((x) => x.status === "success");
  if (p) console.log(p.id);' "")
[ -n "$pipeline" ] || { echo "merge request !$iid has no successful pipeline" >&2; exit 1; }
job=$($api get "/pipelines/$pipeline/jobs?scope=success" | pick '
  const j = JSON.parse(require("fs").readFileSync(0, "utf8")).find((x) => x.name === "csm:review");
  if (j) console.log(j.id);' "")
[ -n "$job" ] || { echo "pipeline $pipeline has no successful csm:review job" >&2; exit 1; }
$api download "/jobs/$job/artifacts" csm-review.zip
python3 -m zipfile -e csm-review.zip .
echo "reviewed plans of !$iid (pipeline $pipeline, job $job)"
