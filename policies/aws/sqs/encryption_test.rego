package csm.aws.sqs.encryption_test

import rego.v1

import data.csm.aws.sqs.encryption as check
import data.csm.fixtures.aws as fx

# As a list, so a test can match exactly one finding with `[f] := ...`.
deny_of(resources) := [f | some f in found] if {
	found := check.deny with input as fx.plan_input(resources)
}

test_queue_left_to_sqs_managed_encryption_passes if {
	count(deny_of([fx.res("aws_sqs_queue", "q", {"sqs_managed_sse_enabled": "${self.sqs_managed_sse_enabled}"})])) == 0
}

test_queue_with_a_key_passes if {
	count(deny_of([fx.res("aws_sqs_queue", "q", {"kms_master_key_id": "alias/aws/sqs", "sqs_managed_sse_enabled": false})])) == 0
}

test_queue_with_encryption_off_denied if {
	[f] := deny_of([fx.res("aws_sqs_queue", "q", {"kms_master_key_id": "", "sqs_managed_sse_enabled": false})])
	f.id == "CSM-AWS-SQS-001"
}
