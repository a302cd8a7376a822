package csm.plan.drift_test

import rego.v1

import data.csm.fixtures.aws as fx
import data.csm.plan.drift as check

queue(action, drift) := object.union(fx.res("aws_sqs_queue", "q", {}), {"action": action, "drift": drift})

# As a list, so a test can match exactly one finding with `[f] := ...`.
warn_of(resources) := [f | some f in found] if {
	found := check.warn with input as fx.plan_input(resources)
}

test_resource_without_drift_is_not_reported if {
	count(warn_of([queue("no-op", null)])) == 0
}

test_drift_kept_and_set_back_is_reported if {
	d := {"action": "update", "attributes": ["sqs_managed_sse_enabled", "visibility_timeout_seconds"], "reverted": ["visibility_timeout_seconds"]}
	[w] := warn_of([queue("update", d)])
	w.id == "CSM-PLAN-001"
	contains(w.message, "sets visibility_timeout_seconds back and keeps sqs_managed_sse_enabled as it is now")
}

test_deleted_outside_terraform_is_reported if {
	[w] := warn_of([queue("create", {"action": "delete", "attributes": [], "reverted": []})])
	contains(w.message, "was changed outside Terraform (deleted); the plan recreates it")
}
