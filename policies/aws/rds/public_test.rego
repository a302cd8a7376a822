package csm.aws.rds.public_test

import rego.v1

import data.csm.aws.rds.public as check
import data.csm.fixtures.aws as fx

# As a list, so a test can match exactly one finding with `[f] := ...`.
deny_of(resources) := [f | some f in found] if {
	found := check.deny with input as fx.plan_input(resources)
}

test_private_instance_passes if {
	count(deny_of([fx.res("aws_db_instance", "d", {"publicly_accessible": false})])) == 0
}

test_public_cluster_instance_denied if {
	[f] := deny_of([fx.res("aws_rds_cluster_instance", "i", {"publicly_accessible": true})])
	f.id == "CSM-AWS-RDS-002"
}

test_public_from_a_reference_warns if {
	i := fx.res("aws_db_instance", "d", {"publicly_accessible": "${aws_ssm_parameter.p.value}"})
	count(deny_of([i])) == 0
	count(check.warn) == 1 with input as fx.plan_input([i])
}
