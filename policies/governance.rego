# Management responsibility (4.1): the service management policy is in force and reviewed when it says it will
# be (4.1.2), and every objective has an owner in management's commitments (4.1.1). Judged once per `csm check`
# run, on the provider's context alone (input.operation "govern"), never per stack.
package csm.governance

import rego.v1

import data.csm.lib

governing if input.operation == "govern"

policy := data.csm.provider.policy

# Days after the review date during which an overdue review only warns (provider.yaml governance).
grace_days := object.get(object.get(data.csm.provider, "governance", {}), "policyReviewGraceDays", 30)

now_ns := time.parse_rfc3339_ns(input.now)

# A date of the catalogue (YYYY-MM-DD) as the instant its day starts, UTC.
day_ns(date) := time.parse_ns("2006-01-02", date)

# The review is due during its day; from the next day on it has passed, and `grace_days` later it is overdue.
review_passed_ns := time.add_date(day_ns(policy.nextReview), 0, 0, 1)

review_overdue_ns := time.add_date(review_passed_ns, 0, 0, grace_days)

source(path) := {"kind": "provider", "id": data.csm.provider.id, "path": path}

# METADATA
# title: The service management policy is reviewed by its review date
# description: Warns once input.now is past policy.nextReview (the day after it, UTC) while within governance.policyReviewGraceDays (default 30) of it.
# custom:
#   id: CSM-GOV-001
#   severity: medium
#   clauses: ["4.1.1", "4.1.2"]
#   scenario: S12
#   statements: [policy-kept-current]
#   remediation: Review the policy with top management, then record the new approval and the next review date in provider.yaml.
warn contains f if {
	governing
	now_ns >= review_passed_ns
	now_ns < review_overdue_ns
	msg := sprintf("the service management policy was due for review on %s; after %d more days of grace every check is denied", [policy.nextReview, ceil((review_overdue_ns - now_ns) / 86400000000000)])
	f := lib.catalogue_finding(rego.metadata.rule(), msg, source(["policy", "nextReview"]))
}

# METADATA
# title: The service management policy is not overdue for review
# description: Denies once input.now is governance.policyReviewGraceDays (default 30) or more past the day after policy.nextReview, so no change goes through under a policy management no longer stands behind.
# custom:
#   id: CSM-GOV-002
#   severity: high
#   clauses: ["4.1.1", "4.1.2"]
#   scenario: S12
#   statements: [policy-kept-current]
#   remediation: Review the policy with top management, then record the new approval and the next review date in provider.yaml.
deny contains f if {
	governing
	now_ns >= review_overdue_ns
	msg := sprintf("the service management policy was due for review on %s and is overdue past the %d days of grace (provider.yaml governance.policyReviewGraceDays)", [policy.nextReview, grace_days])
	f := lib.catalogue_finding(rego.metadata.rule(), msg, source(["policy", "nextReview"]))
}

# METADATA
# title: The service management policy in force has been approved
# description: Denies when policy.approved lies after input.now, since a policy approved only in the future is not yet in force.
# custom:
#   id: CSM-GOV-003
#   severity: high
#   clauses: ["4.1.1", "4.1.2"]
#   scenario: S02
#   statements: [policy-kept-current]
#   remediation: Record the day top management actually approved the policy under policy.approved.
deny contains f if {
	governing
	day_ns(policy.approved) > now_ns
	msg := sprintf("the service management policy is recorded as approved on %s, which is still to come: it is not in force yet", [policy.approved])
	f := lib.catalogue_finding(rego.metadata.rule(), msg, source(["policy", "approved"]))
}

owned(objective) if {
	some c in object.get(data.csm.provider, "commitments", [])
	objective in c.objectives
}

# METADATA
# title: Every objective has an owner in management's commitments
# description: Warns for each objective of provider.yaml that no entry of commitments names, so no objective lacks a manager who answers for it and commits resources.
# custom:
#   id: CSM-GOV-004
#   severity: low
#   clauses: ["4.1.1", "4.5.2"]
#   scenario: S02
#   statements: [policy-kept-current]
#   remediation: Add the objective to the commitment of the manager who owns it, with the resources committed to it.
warn contains f if {
	governing
	some i, o in object.get(data.csm.provider, "objectives", [])
	not owned(o.id)
	msg := sprintf("objective %s has no owner: no management commitment names it", [o.id])
	f := lib.catalogue_finding(rego.metadata.rule(), msg, source(["objectives", i, "id"]))
}
