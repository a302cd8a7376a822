package csm.operations_test

import rego.v1

import data.csm.fixtures as fx
import data.csm.operations

recorded := {"date": "2026-09-01T00:00:00Z", "effective": "2026-10-01T00:00:00Z", "by": null}

termination(change) := object.union({
	"notice_days": 30, "data_export": "customer-bucket", "formats": [], "retention_days": 30, "assistance_days": 0,
	"recorded": recorded, "notice_ends": "2026-10-01T00:00:00Z", "export_confirmed": null, "retention_ends": "2026-10-31T00:00:00Z",
}, change)

transfer(change) := object.union({
	"to": "provider", "method": "copy", "services": ["managed-postgres"], "whole_tenancy": false,
	"target": {"account_id": "444455556666", "region": "eu-west-1", "bucket": null, "name": null},
	"requested": "2026-11-20T00:00:00Z", "confirmed": null,
}, change)

deleted(r) := object.union(r, {"action": "delete"})

everything_deleted := [deleted(r) | some r in fx.good]

run(operation, resources, lifecycle) := run_at("synth", operation, resources, lifecycle)

run_at(gate, operation, resources, lifecycle) := {"deny": d, "warn": w} if {
	i := object.union(fx.input_for(operation, resources), {"gate": gate, "lifecycle": lifecycle})
	d := operations.deny with input as i with data.csm.services as fx.services with data.csm.customers as fx.customers with data.csm.ledger as fx.ledger
	w := operations.warn with input as i with data.csm.services as fx.services with data.csm.customers as fx.customers with data.csm.ledger as fx.ledger
}

retire_run(service, customers, status) := found if {
	i := object.union(fx.input_for("retire", []), {"customer": null, "service": service})
	found := operations.deny with input as i with data.csm.services as {service: {"status": status}} with data.csm.customers as customers
}

# CSM-OPS-001
test_ops_001_terminate_without_record_denied if {
	[f] := fx.of(run("terminate", everything_deleted, {"termination": termination({"recorded": null, "retention_ends": null})}).deny, "CSM-OPS-001")
	f.source.path == ["agreement", "termination"]
	f.clauses == ["7.1", "9.2", "4.3"]
}

test_ops_001_recorded_termination_passes if {
	count(fx.of(run("terminate", everything_deleted, {"termination": termination({"export_confirmed": "2026-10-05T00:00:00Z"})}).deny, "CSM-OPS-001")) == 0
}

# CSM-OPS-002
test_ops_002_destroy_before_export_denied if {
	found := fx.of(run("terminate", everything_deleted, {"termination": termination({"retention_ends": "2026-12-24T00:00:00Z"})}).deny, "CSM-OPS-002")
	{f.resource | some f in found} == {"aws_s3_bucket.data", "aws_db_instance.db", "aws_ecr_repository.registry"}
	some f in found
	f.source.path == ["agreement", "termination", "recorded"]
	contains(f.message, "2026-12-24T00:00:00Z")
}

test_ops_002_export_confirmed_passes if {
	count(fx.of(run("terminate", everything_deleted, {"termination": termination({"export_confirmed": "2026-10-05T00:00:00Z"})}).deny, "CSM-OPS-002")) == 0
}

test_ops_002_retention_ended_passes if {
	# fixtures' now is 2026-11-25, past the retention end of 2026-10-31.
	ended := run("terminate", everything_deleted, {"termination": termination({})})
	count(fx.of(ended.deny, "CSM-OPS-002")) == 0
	running := run("terminate", everything_deleted, {"termination": termination({"retention_ends": "2026-12-24T00:00:00Z"})})
	count(fx.of(running.deny, "CSM-OPS-002")) == 3
}

test_ops_002_handed_over_store_passes if {
	i := object.union(fx.input_for("terminate", [deleted(fx.db)]), {"lifecycle": {"termination": termination({"retention_ends": "2027-01-01T00:00:00Z"})}, "removals": [{"from": "aws_db_instance.db", "destroy": false}]})
	found := operations.deny with input as i
	count(fx.of(found, "CSM-OPS-002")) == 0
}

# CSM-OPS-003
test_ops_003_destroy_before_effective_denied if {
	early := termination({"recorded": {"date": "2026-11-01T00:00:00Z", "effective": "2026-12-31T00:00:00Z"}, "export_confirmed": "2026-11-20T00:00:00Z"})
	[f] := fx.of(run("terminate", everything_deleted, {"termination": early}).deny, "CSM-OPS-003")
	contains(f.message, "before the effective date 2026-12-31T00:00:00Z")
}

test_ops_003_after_effective_passes if {
	count(fx.of(run("terminate", everything_deleted, {"termination": termination({})}).deny, "CSM-OPS-003")) == 0
}

# CSM-OPS-004
test_ops_004_database_without_final_snapshot_denied if {
	no_id := deleted(object.union(fx.db, {"values": {"final_snapshot_identifier": null}}))
	[f] := fx.of(run("terminate", [no_id], {"termination": termination({"export_confirmed": "2026-10-05T00:00:00Z"})}).deny, "CSM-OPS-004")
	f.resource == "aws_db_instance.db"
}

test_ops_004_final_snapshot_passes if {
	with_id := deleted(object.union(fx.db, {"values": {"final_snapshot_identifier": "t-final"}}))
	count(fx.of(run("terminate", [with_id], {"termination": termination({"export_confirmed": "2026-10-05T00:00:00Z"})}).deny, "CSM-OPS-004")) == 0
}

# CSM-OPS-015
unprotected := [
	object.union(fx.db, {"action": "update", "values": {"deletion_protection": false}}),
	object.union(fx.bucket, {"action": "update", "values": {"force_destroy": true}}),
	object.union(fx.res("aws_ecr_repository", "registry", {"name": "t", "force_delete": true}), {"action": "update"}),
]

# The rules that speak of protections: the stores above alone (without their companions) break others too.
protection_rules := {"CSM-OPS-015", "CSM-SEC-012", "CSM-LCM-002"}

protection_findings(operation, resources, change) := [f |
	i := object.union(fx.input_for(operation, resources), {"lifecycle": {"termination": termination(change)}})
	found := ((data.csm.operations.deny | data.csm.security.deny) | data.csm.lifecycle.deny) with input as i with data.csm.services as fx.services with data.csm.customers as fx.customers with data.csm.ledger as fx.ledger
	some f in found
	f.id in protection_rules
]

unprotect_findings(change) := protection_findings("terminate", unprotected, change)

test_ops_015_unprotect_before_export_denied_alone if {
	found := unprotect_findings({"retention_ends": "2026-12-24T00:00:00Z"})
	# Only the lifecycle rule speaks: SEC-012 and LCM-002 leave a terminate's protections to it.
	{f.id | some f in found} == {"CSM-OPS-015"}
	{f.resource | some f in found} == {"aws_db_instance.db", "aws_s3_bucket.data", "aws_ecr_repository.registry"}
	some f in found
	f.resource == "aws_db_instance.db"
	f.message == "aws_db_instance.db would have deletion_protection = false before the customer confirmed its export and before retention ends (2026-12-24T00:00:00Z)"
}

test_ops_015_unprotect_before_effective_denied if {
	early := {"recorded": {"date": "2026-11-01T00:00:00Z", "effective": "2026-12-31T00:00:00Z"}, "export_confirmed": "2026-11-20T00:00:00Z"}
	found := fx.of(unprotect_findings(early), "CSM-OPS-015")
	count(found) == 3
	every f in found { contains(f.message, "before the effective date 2026-12-31T00:00:00Z") }
}

test_ops_015_unprotect_once_data_released_passes if {
	count(unprotect_findings({"export_confirmed": "2026-10-05T00:00:00Z"})) == 0
}

test_ops_015_unprotect_outside_terminate_is_security_finding if {
	found := protection_findings("release", unprotected, {"export_confirmed": "2026-10-05T00:00:00Z"})
	{[f.id, f.resource] | some f in found} == {["CSM-SEC-012", "aws_db_instance.db"], ["CSM-LCM-002", "aws_s3_bucket.data"], ["CSM-LCM-002", "aws_ecr_repository.registry"]}
}

test_ops_015_final_snapshot_is_never_skipped if {
	skipping := object.union(fx.db, {"action": "update", "values": {"deletion_protection": false, "skip_final_snapshot": true}})
	[f] := protection_findings("terminate", [skipping], {"export_confirmed": "2026-10-05T00:00:00Z"})
	f.id == "CSM-LCM-002"
	contains(f.message, "skip_final_snapshot")
}

# CSM-OPS-016, CSM-OPS-017
in_plan(r, before) := object.union(deleted(r), {"before": before})

destroy_at(gate, resources) := run_at(gate, "terminate", resources, {"termination": termination({"export_confirmed": "2026-10-05T00:00:00Z"})})


test_ops_016_destroy_of_protected_database_denied_at_plan if {
	[f] := fx.of(destroy_at("plan", [in_plan(fx.db, fx.db_values)]).deny, "CSM-OPS-016")
	f.message == "aws_db_instance.db has deletion_protection = true in its state: AWS would refuse to delete it"
	f.clauses == ["9.2", "6.3"]
}

test_ops_016_unprotected_database_passes if {
	off := object.union(fx.db_values, {"deletion_protection": false})
	count(fx.of(destroy_at("plan", [in_plan(fx.db, off)]).deny, "CSM-OPS-016")) == 0
}

test_ops_016_synth_gate_does_not_guess_the_state if {
	count(fx.of(destroy_at("synth", [deleted(fx.db)]).deny, "CSM-OPS-016")) == 0
}

test_ops_016_outside_an_exit_is_left_to_lcm_001 if {
	i := object.union(fx.input_for("release", [in_plan(fx.db, fx.db_values)]), {"gate": "plan"})
	found := operations.deny with input as i
	count(fx.of(found, "CSM-OPS-016")) == 0
}

test_ops_016_handed_over_database_passes if {
	i := object.union(fx.input_for("transfer", [in_plan(fx.db, fx.db_values)]), {"gate": "plan", "removals": [{"from": "aws_db_instance.db", "destroy": false}]})
	found := operations.deny with input as i
	count(fx.of(found, "CSM-OPS-016")) == 0
}

test_ops_017_destroy_of_bucket_that_must_be_empty_warned if {
	r := destroy_at("plan", [in_plan(fx.bucket, fx.bucket.values)])
	[f] := fx.of(r.warn, "CSM-OPS-017")
	f.message == "aws_s3_bucket.data has force_destroy = false in its state: AWS deletes it only if it is empty"
	count(r.deny) == 0
}

test_ops_017_emptied_bucket_passes if {
	count(destroy_at("plan", [in_plan(fx.bucket, {"bucket": "t-data", "force_destroy": true})]).warn) == 0
}

# CSM-OPS-018
test_ops_018_terminate_that_creates_denied if {
	created := [object.union(fx.bucket, {"values": {"force_destroy": true}})]
	[f] := fx.of(run("terminate", created, {"termination": termination({"export_confirmed": "2026-10-05T00:00:00Z"})}).deny, "CSM-OPS-018")
	f.message == "aws_s3_bucket.data would be created by a terminate"
}

test_ops_018_terminate_of_existing_tenancy_passes if {
	count(fx.of(run("terminate", unprotected, {"termination": termination({"export_confirmed": "2026-10-05T00:00:00Z"})}).deny, "CSM-OPS-018")) == 0
	count(fx.of(run("terminate", everything_deleted, {"termination": termination({"export_confirmed": "2026-10-05T00:00:00Z"})}).deny, "CSM-OPS-018")) == 0
}

# CSM-OPS-005, CSM-OPS-006
test_ops_005_retire_with_subscriber_denied if {
	found := retire_run("managed-postgres", fx.customers, "retired")
	[f] := fx.of(found, "CSM-OPS-005")
	f.source == {"kind": "customer", "id": "t", "path": ["subscriptions", 0, "service"]}
	f.clauses == ["5.4", "7.1", "9.2"]
}

test_ops_005_retire_without_subscriber_passes if {
	count(retire_run("container-hosting", fx.customers, "retired")) == 0
}

test_ops_006_retire_of_active_service_denied if {
	[f] := fx.of(retire_run("container-hosting", fx.customers, "active"), "CSM-OPS-006")
	f.source == {"kind": "service", "id": "container-hosting", "path": ["status"]}
}

# CSM-OPS-007
test_ops_007_retire_removes_only_its_service if {
	i := object.union(fx.input_for("retire", [deleted(fx.bucket), deleted(fx.db)]), {"customer": "t", "service": "object-storage"})
	found := operations.deny with input as i with data.csm.services as {"object-storage": {"status": "retired"}} with data.csm.customers as {}
	[f] := fx.of(found, "CSM-OPS-007")
	f.resource == "aws_db_instance.db"
}

test_ops_007_untagged_companions_and_tenancy_alarms_may_go if {
	role_policy := deleted(fx.res("aws_iam_role_policy", "task", {}))
	pool_alarm := deleted(fx.res("aws_cloudwatch_metric_alarm", "pool", {}))
	log_bucket := deleted(fx.res("aws_s3_bucket", "logs", {"bucket": "t-logs"}))
	i := object.union(fx.input_for("retire", [role_policy, pool_alarm, log_bucket]), {"customer": "t", "service": "object-storage"})
	found := operations.deny with input as i with data.csm.services as {"object-storage": {"status": "retired"}} with data.csm.customers as {}
	[f] := fx.of(found, "CSM-OPS-007")
	f.resource == "aws_s3_bucket.logs"
}

# CSM-OPS-008
test_ops_008_transfer_destroying_data_denied if {
	[f] := fx.of(run("transfer", [deleted(fx.db)], {"transfer": transfer({})}).deny, "CSM-OPS-008")
	f.resource == "aws_db_instance.db"
}

test_ops_008_handover_passes if {
	i := object.union(fx.input_for("transfer", [deleted(fx.db)]), {"lifecycle": {"transfer": transfer({"method": "handover"})}, "removals": [{"from": "aws_db_instance.db", "destroy": false}]})
	found := operations.deny with input as i with data.csm.customers as fx.customers
	count(found) == 0
}

# CSM-OPS-009
grant(principal) := fx.res("aws_kms_grant", "g", {"grantee_principal": principal, "key_id": fx.key})

test_ops_009_grant_to_target_passes if {
	count(fx.of(run("transfer", [grant("arn:aws:iam::444455556666:root")], {"transfer": transfer({})}).deny, "CSM-OPS-009")) == 0
}

test_ops_009_grant_to_other_account_denied if {
	shared := fx.res("aws_db_snapshot", "s", {"shared_accounts": ["444455556666", "999999999999"]})
	found := fx.of(run("transfer", [grant("arn:aws:iam::999999999999:root"), shared], {"transfer": transfer({})}).deny, "CSM-OPS-009")
	{f.resource | some f in found} == {"aws_kms_grant.g", "aws_db_snapshot.s"}
}

test_ops_009_transfer_role_for_other_account_denied if {
	doc := json.marshal({"Statement": [{"Effect": "Allow", "Action": ["sts:AssumeRole"], "Principal": {"AWS": "arn:aws:iam::999999999999:root"}}]})
	role := object.union(fx.res("aws_iam_role", "r", {"assume_role_policy": doc}), {"scenario": "S14"})
	[f] := fx.of(run("transfer", [role], {"transfer": transfer({})}).deny, "CSM-OPS-009")
	contains(f.message, "999999999999")
}

# CSM-OPS-010, CSM-OPS-011
test_ops_010_transfer_to_provider_outside_residency_denied if {
	far := transfer({"target": {"region": "us-east-1"}})
	[f] := fx.of(run("transfer", [], {"transfer": far}).deny, "CSM-OPS-010")
	f.source.path == ["agreement", "transfer", "target", "region"]
}

# A target without a region is not inside the residency (a negated `region in ...` would be undefined, not true).
test_ops_010_transfer_without_target_region_denied if {
	no_region := object.union(object.remove(transfer({}), ["target"]), {"target": {"account_id": "444455556666", "bucket": null, "name": null}})
	[f] := fx.of(run("transfer", [], {"transfer": no_region}).deny, "CSM-OPS-010")
	contains(f.message, "transfer to region (none)")
}

test_ops_011_return_to_customer_outside_residency_warns if {
	r := run("transfer", [], {"transfer": transfer({"to": "customer", "target": {"region": "us-east-1"}})})
	count(fx.of(r.deny, "CSM-OPS-010")) == 0
	count(fx.of(r.warn, "CSM-OPS-011")) == 1
}

test_ops_010_inside_residency_passes if {
	r := run("transfer", [], {"transfer": transfer({})})
	count(r.deny) == 0
	count(r.warn) == 0
}

# CSM-OPS-012, CSM-OPS-013
test_ops_012_allocation_while_terminating_warns if {
	[f] := fx.of(run("allocate", fx.good, {"termination": termination({}), "cost": {"delta": 30}}).warn, "CSM-OPS-012")
	contains(f.message, "effective 2026-10-01T00:00:00Z")
}

test_ops_013_release_that_costs_more_warns if {
	count(fx.of(run("release", fx.good, {"cost": {"delta": 30}}).warn, "CSM-OPS-013")) == 1
	count(fx.of(run("allocate", fx.good, {"cost": {"delta": 30}}).warn, "CSM-OPS-013")) == 0
	count(fx.of(run("allocate", fx.good, {"cost": {"delta": -30}}).warn, "CSM-OPS-013")) == 1
}

# CSM-OPS-014
transfer_role := deleted(object.union(fx.res("aws_iam_role", "reader", {}), {"scenario": "S14"}))

test_ops_014_grants_removed_before_confirmation_denied if {
	[f] := fx.of(run("release", [transfer_role], {"transfer": transfer({})}).deny, "CSM-OPS-014")
	f.resource == "aws_iam_role.reader"
	f.source.path == ["agreement", "transfer"]
}

test_ops_014_grants_removed_after_confirmation_or_without_transfer_pass if {
	count(fx.of(run("release", [transfer_role], {"transfer": transfer({"confirmed": "2026-11-24T00:00:00Z"})}).deny, "CSM-OPS-014")) == 0
	count(fx.of(run("release", [transfer_role], {"transfer": null}).deny, "CSM-OPS-014")) == 0
}
