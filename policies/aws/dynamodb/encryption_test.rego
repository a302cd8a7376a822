package csm.aws.dynamodb.encryption_test

import rego.v1

import data.csm.aws.dynamodb.encryption as check
import data.csm.fixtures.aws as fx

# As a list, so a test can match exactly one finding with `[f] := ...`.
warn_of(resources) := [f | some f in found] if {
	found := check.warn with input as fx.plan_input(resources)
}

test_kms_table_passes if {
	count(warn_of([fx.res("aws_dynamodb_table", "t", {"server_side_encryption": [{"enabled": true, "kms_key_arn": "${aws_kms_key.k.arn}"}]})])) == 0
}

test_aws_owned_key_warns if {
	[w] := warn_of([fx.res("aws_dynamodb_table", "t", {"server_side_encryption": "${self.server_side_encryption}"})])
	w.id == "CSM-AWS-DDB-001"
}
