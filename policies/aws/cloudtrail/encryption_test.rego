package csm.aws.cloudtrail.encryption_test

import rego.v1

import data.csm.aws.cloudtrail.encryption as check
import data.csm.fixtures.aws as fx

# As a list, so a test can match exactly one finding with `[f] := ...`.
deny_of(resources) := [f | some f in found] if {
	found := check.deny with input as fx.plan_input(resources)
}

test_key_known_only_after_apply_passes if {
	count(deny_of([fx.res("aws_cloudtrail", "t", {"kms_key_id": "${aws_kms_key.k.arn}"})])) == 0
}

test_no_key_denied if {
	[f] := deny_of([fx.res("aws_cloudtrail", "t", {"kms_key_id": null})])
	f.id == "CSM-AWS-CT-003"
}
