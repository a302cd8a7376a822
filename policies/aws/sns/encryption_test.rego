package csm.aws.sns.encryption_test

import rego.v1

import data.csm.aws.sns.encryption as check
import data.csm.fixtures.aws as fx

# As a list, so a test can match exactly one finding with `[f] := ...`.
deny_of(resources) := [f | some f in found] if {
	found := check.deny with input as fx.plan_input(resources)
}

test_topic_with_a_key_known_only_after_apply_passes if {
	count(deny_of([fx.res("aws_sns_topic", "t", {"kms_master_key_id": "${aws_kms_key.k.arn}"})])) == 0
}

test_topic_without_key_denied if {
	[f] := deny_of([fx.res("aws_sns_topic", "t", {"kms_master_key_id": null})])
	f.id == "CSM-AWS-SNS-001"
}

test_existing_topic_read_back_with_an_empty_key_denied if {
	count(deny_of([fx.res("aws_sns_topic", "t", {"kms_master_key_id": ""})])) == 1
}
