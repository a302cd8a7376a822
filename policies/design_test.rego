package csm.design_test

import rego.v1

import data.csm.design
import data.csm.fixtures as fx

complete := {
	"id": "queue", "status": "active", "construct": "MessageQueue",
	"owner": {"name": "Q Owner", "email": "q@example.com"},
	"regions": ["eu-central-1"],
	"options": [{"id": "small", "capacityUnits": 1, "pricePerUnitMonth": 20}],
	"slaTiers": [fx.tier("standard", 99.9, 1440)],
	"capacity": {"pool": "queues", "unit": "queues", "poolSize": 100, "perCustomerQuota": 10},
}

# A draft that leaves everything open the schema lets it.
unfinished := {
	"id": "queue", "status": "draft", "construct": "MessageQueue",
	"options": [{"id": "small", "capacityUnits": 1}],
	"slaTiers": [{"id": "standard"}],
	"capacity": {"pool": "queues", "unit": "queues"},
}

sample := {"customer": "sample", "tier": "standard", "option": "small", "region": "eu-central-1"}

# The design package has denials only: a design is complete or it is not.
review(entry, resources, facts) := {"deny": d} if {
	i := object.union(fx.input_for("design", resources), {"customer": "sample", "service": "queue", "stack": "design-queue", "lifecycle": {"design": facts}})
	d := design.deny with input as i with data.csm.services as {"queue": entry} with data.csm.customers as fx.customers with data.csm.ledger as fx.ledger
}

built := {"base_status": "draft", "sample": sample}

not_built := {"base_status": "draft", "sample": null, "not_built": "its design is incomplete"}

promoted := object.union(unfinished, {"status": "active"})

test_a_draft_may_be_incomplete if {
	review(unfinished, [], not_built) == {"deny": set()}
}

test_a_retired_entry_is_not_reviewed if {
	review(object.union(unfinished, {"status": "retired"}), [], not_built) == {"deny": set()}
}

test_a_deprecated_entry_is_reviewed if {
	count(review(object.union(unfinished, {"status": "deprecated"}), [], not_built).deny) > 0
}

test_a_complete_design_with_a_sample_that_passes_security_has_no_findings if {
	review(complete, fx.good, built) == {"deny": set()}
}

test_silent_outside_the_design_review if {
	i := object.union(fx.input_for("onboard", []), {"service": "queue"})
	count(design.deny) == 0 with input as i with data.csm.services as {"queue": promoted}
}

# CSM-DES-001
test_des_001_tier_without_targets_denied_at_the_tier if {
	[f] := fx.of(review(promoted, [], not_built).deny, "CSM-DES-001")
	f.source == {"kind": "service", "id": "queue", "path": ["slaTiers", 0]}
	f.message == "queue cannot move from draft to active: SLA tier standard has no availability, rpoMinutes, rtoMinutes"
	f.clauses == ["5.3", "6.1"]
}

test_des_001_no_tiers_at_all_denied if {
	[f] := fx.of(review(object.remove(promoted, ["slaTiers"]), [], not_built).deny, "CSM-DES-001")
	f.source.path == ["slaTiers"]
}

test_des_001_names_the_status_claimed_when_not_a_promotion if {
	[f] := fx.of(review(promoted, [], object.union(not_built, {"base_status": "active"})).deny, "CSM-DES-001")
	startswith(f.message, "queue cannot be active: ")
}

# CSM-DES-002
test_des_002_pool_without_size_and_quota_denied if {
	[f] := fx.of(review(promoted, [], not_built).deny, "CSM-DES-002")
	f.source.path == ["capacity"]
	contains(f.message, "no poolSize, perCustomerQuota")
}

test_des_002_quota_larger_than_the_pool_denied if {
	entry := object.union(complete, {"capacity": {"perCustomerQuota": 101}})
	[f] := fx.of(review(entry, fx.good, built).deny, "CSM-DES-002")
	f.source.path == ["capacity", "perCustomerQuota"]
}

# CSM-DES-003
test_des_003_no_owner_and_no_support_hours_denied if {
	found := fx.of(review(promoted, [], not_built).deny, "CSM-DES-003")
	{f.source.path | some f in found} == {["owner"], ["slaTiers", 0]}
}

# CSM-DES-004
test_des_004_option_without_price_denied if {
	[f] := fx.of(review(promoted, [], not_built).deny, "CSM-DES-004")
	f.source.path == ["options", 0]
	contains(f.message, "option small has no price")
}

test_des_004_a_price_of_zero_is_a_price if {
	entry := object.union(complete, {"options": [{"id": "free", "capacityUnits": 1, "pricePerUnitMonth": 0}]})
	count(fx.of(review(entry, fx.good, built).deny, "CSM-DES-004")) == 0
}

# CSM-DES-005
test_des_005_no_regions_denied if {
	[f] := fx.of(review(promoted, [], not_built).deny, "CSM-DES-005")
	f.source.path == ["regions"]
}

# CSM-DES-006
test_des_006_security_denials_of_the_sample_deny_the_design if {
	open_db := fx.changed("aws_db_instance.db", {"publicly_accessible": true, "storage_encrypted": false})
	[f] := fx.of(review(complete, open_db, built).deny, "CSM-DES-006")
	f.source.path == ["construct"]
	contains(f.message, "construct MessageQueue, synthesized for sample customer sample, is denied by CSM-SEC-002, CSM-SEC-004")
}

# CSM-DES-007
test_des_007_a_design_not_built_for_a_sample_is_denied if {
	[f] := fx.of(review(complete, [], object.union(built, {"sample": null, "not_built": "no region offers what it requires"})).deny, "CSM-DES-007")
	contains(f.message, "no region offers what it requires")
}

test_des_007_fails_closed_without_facts if {
	[_] := fx.of(review(complete, fx.good, {}).deny, "CSM-DES-007")
}
