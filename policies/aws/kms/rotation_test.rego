package csm.aws.kms.rotation_test

import rego.v1

import data.csm.aws.kms.rotation as check
import data.csm.fixtures.aws as fx

# As a list, so a test can match exactly one finding with `[f] := ...`.
deny_of(resources) := [f | some f in found] if {
	found := check.deny with input as fx.plan_input(resources)
}

test_rotating_key_passes if {
	count(deny_of([fx.res("aws_kms_key", "k", {"enable_key_rotation": true})])) == 0
}

test_asymmetric_key_is_not_judged if {
	count(deny_of([fx.res("aws_kms_key", "k", {"enable_key_rotation": false, "customer_master_key_spec": "RSA_2048", "key_usage": "SIGN_VERIFY"})])) == 0
}

test_static_key_denied if {
	[f] := deny_of([fx.res("aws_kms_key", "k", {"enable_key_rotation": false, "customer_master_key_spec": "SYMMETRIC_DEFAULT"})])
	f.id == "CSM-AWS-KMS-001"
}

# Terraform 0.12 plans leave key_usage to the provider (known only after apply): the key is still judged.
test_key_usage_left_to_provider_is_judged if {
	[f] := deny_of([fx.res("aws_kms_key", "k", {"enable_key_rotation": false, "key_usage": "${self.key_usage}"})])
	f.id == "CSM-AWS-KMS-001"
}
