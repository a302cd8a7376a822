package csm.lifecycle_test

import rego.v1

import data.csm.fixtures as fx
import data.csm.lifecycle

deny_of(operation, resources) := found if {
	found := lifecycle.deny with input as fx.input_for(operation, resources)
}

deleted_db := object.union(fx.db, {"action": "delete"})

# CSM-LCM-001
test_lcm_001_terminate_may_delete_data if {
	resources := fx.replaced(fx.good, "aws_db_instance.db", deleted_db)
	count(deny_of("terminate", resources)) == 0
	count(deny_of("transfer", resources)) == 0
	count(deny_of("retire", resources)) == 0
}

test_lcm_001_delete_outside_exit_denied if {
	resources := fx.replaced(fx.good, "aws_db_instance.db", deleted_db)
	[f] := fx.of(deny_of("allocate", resources), "CSM-LCM-001")
	f.resource == "aws_db_instance.db"
	f.clauses == ["9.2", "6.3", "6.6"]
	contains(f.message, "would be deleted by a allocate operation")
}

# An input that names no operation is no exit operation: the data stays protected (the rule must not read
# `not input.operation in ...`, which is undefined rather than true when the operation is missing).
test_lcm_001_delete_without_operation_denied if {
	resources := fx.replaced(fx.good, "aws_db_instance.db", deleted_db)
	no_operation := object.remove(fx.input_for("allocate", resources), ["operation"])
	denied := lifecycle.deny with input as no_operation
	[f] := fx.of(denied, "CSM-LCM-001")
	f.resource == "aws_db_instance.db"
}

test_lcm_001_replace_outside_exit_denied if {
	replaced := object.union(fx.bucket, {"action": "replace"})
	[f] := fx.of(deny_of("onboard", fx.replaced(fx.good, "aws_s3_bucket.data", replaced)), "CSM-LCM-001")
	contains(f.message, "would be replaced")
}

test_lcm_001_delete_of_stateless_resource_passes if {
	gone := object.union(fx.res("aws_flow_log", "flow", {}), {"action": "delete"})
	count(deny_of("release", fx.replaced(fx.good, "aws_flow_log.flow", gone))) == 0
}

test_lcm_001_handed_over_by_removed_block_passes if {
	resources := fx.replaced(fx.good, "aws_db_instance.db", deleted_db)
	found := lifecycle.deny with input as object.union(fx.input_for("release", resources), {"removals": [{"from": "aws_db_instance.db", "destroy": false}]})
	count(found) == 0
}

# CSM-LCM-002
test_lcm_002_data_kept_on_removal_passes if {
	count(deny_of("onboard", fx.good)) == 0
}

test_lcm_002_force_destroy_bucket_denied if {
	[f] := fx.of(deny_of("onboard", fx.changed("aws_s3_bucket.data", {"force_destroy": true})), "CSM-LCM-002")
	contains(f.message, "force_destroy = true")
}

test_lcm_002_skip_final_snapshot_denied if {
	[f] := fx.of(deny_of("terminate", fx.changed("aws_db_instance.db", {"skip_final_snapshot": true})), "CSM-LCM-002")
	f.resource == "aws_db_instance.db"
}
