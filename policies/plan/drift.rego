# What changed outside Terraform since the last apply (`resource_drift`): a change nobody reviewed. The rest of the
# gate judges each drifted resource as the plan leaves it; this rule reports the drift itself.
package csm.plan.drift

import rego.v1

import data.csm.lib

# What the plan does about the drift: sets attributes back, keeps them as they now are, recreates or deletes.
outcome(r) := "the plan recreates it" if r.drift.action == "delete"

outcome(r) := sprintf("the plan %s", [concat(" and ", parts)]) if {
	r.drift.action != "delete"
	kept := [a | some a in r.drift.attributes; not a in r.drift.reverted]
	parts := [p | some p in [back(r.drift.reverted), keeps(kept)]; p != ""]
}

back(attributes) := sprintf("sets %s back", [concat(", ", attributes)]) if count(attributes) > 0

else := ""

keeps(attributes) := sprintf("keeps %s as %s now", [concat(", ", attributes), are(attributes)]) if count(attributes) > 0

else := ""

are(attributes) := "it is" if count(attributes) == 1

else := "they are"

changed(r) := sprintf(": %s", [concat(", ", r.drift.attributes)]) if count(r.drift.attributes) > 0

else := ""

past := {"update": "updated", "delete": "deleted", "replace": "replaced", "create": "created"}

# METADATA
# title: Resources changed outside Terraform are reported
# description: A resource Terraform found changed or deleted outside Terraform (resource_drift) is reported with the attributes that drifted and what the plan does about it; its planned values are judged by every other rule.
# custom:
#   id: CSM-PLAN-001
#   severity: medium
#   clauses: ["9.1", "9.2", "6.6"]
#   scenario: S09
#   remediation: Find who changed the resource and why; bring the change into the configuration (and review it) or let the plan revert it.
#   aws_fsbp: []
#   checkov: []
#   trivy: []
warn contains f if {
	some r in input.resources
	is_object(r.drift)
	msg := sprintf("%s was changed outside Terraform (%s%s); %s", [r.address, past[r.drift.action], changed(r), outcome(r)])
	f := lib.resource_finding(rego.metadata.rule(), r, msg)
}
