package csm.governance_test

import rego.v1

import data.csm.fixtures as fx
import data.csm.governance

provider := {
	"id": "p",
	"objectives": [{"id": "availability"}, {"id": "lead-time"}],
	"policy": {"approved": "2026-01-15", "nextReview": "2027-01-15"},
	"commitments": [{"id": "c", "objectives": ["availability", "lead-time"]}],
}

govern_at(now) := object.union(fx.input_for("govern", []), {"customer": null, "stack": "sms-p", "scenario": "S02", "now": now})

findings(now, p) := {"deny": d, "warn": w} if {
	d := governance.deny with input as govern_at(now) with data.csm.provider as p
	w := governance.warn with input as govern_at(now) with data.csm.provider as p
}

test_policy_in_force_and_not_due_has_no_findings if {
	findings("2027-01-15T23:59:59Z", provider) == {"deny": set(), "warn": set()}
}

test_silent_outside_the_governance_evaluation if {
	onboard := object.union(govern_at("2028-01-01T00:00:00Z"), {"operation": "onboard"})
	count(governance.deny) == 0 with input as onboard with data.csm.provider as provider
}

# CSM-GOV-001 and CSM-GOV-002
test_gov_001_review_passed_warns_within_grace if {
	r := findings("2027-01-16T00:00:00Z", provider)
	count(r.deny) == 0
	[f] := fx.of(r.warn, "CSM-GOV-001")
	f.source == {"kind": "provider", "id": "p", "path": ["policy", "nextReview"]}
	f.clauses == ["4.1.1", "4.1.2"]
	contains(f.message, "due for review on 2027-01-15")
	contains(f.message, "after 30 more days")
}

test_gov_002_denied_at_the_end_of_the_default_grace if {
	last := findings("2027-02-14T23:59:59Z", provider)
	count(last.deny) == 0
	r := findings("2027-02-15T00:00:00Z", provider)
	[f] := fx.of(r.deny, "CSM-GOV-002")
	f.severity == "high"
	f.source.path == ["policy", "nextReview"]
	count(fx.of(r.warn, "CSM-GOV-001")) == 0
}

test_gov_002_grace_is_configurable if {
	strict := object.union(provider, {"governance": {"policyReviewGraceDays": 0}})
	[_] := fx.of(findings("2027-01-16T00:00:00Z", strict).deny, "CSM-GOV-002")
	lenient := object.union(provider, {"governance": {"policyReviewGraceDays": 90}})
	count(findings("2027-04-15T00:00:00Z", lenient).deny) == 0
}

# CSM-GOV-003
test_gov_003_approval_still_to_come_denied if {
	future := object.union(provider, {"policy": {"approved": "2026-12-01"}})
	[f] := fx.of(findings("2026-11-30T12:00:00Z", future).deny, "CSM-GOV-003")
	f.source.path == ["policy", "approved"]
	count(findings("2026-12-01T00:00:00Z", future).deny) == 0
}

# CSM-GOV-004
test_gov_004_objective_without_owner_warns if {
	unowned := object.union(provider, {"commitments": [{"id": "c", "objectives": ["availability"]}]})
	[f] := fx.of(findings("2026-06-01T00:00:00Z", unowned).warn, "CSM-GOV-004")
	f.source.path == ["objectives", 1, "id"]
	contains(f.message, "lead-time")
}
