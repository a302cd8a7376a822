package csm.aws.ec2.ebs_encryption_test

import rego.v1

import data.csm.aws.ec2.ebs_encryption as check
import data.csm.fixtures.aws as fx

volume(values) := fx.res("aws_ebs_volume", "v", values)

# As a list, so a test can match exactly one finding with `[f] := ...`.
deny_of(resources) := [f | some f in found] if {
	found := check.deny with input as fx.plan_input(resources)
}

test_encrypted_volume_passes if {
	count(deny_of([volume({"encrypted": true})])) == 0
}

test_volume_left_to_the_provider_denied if {
	[f] := deny_of([volume({"encrypted": "${self.encrypted}"})])
	f.id == "CSM-AWS-EC2-004"
	contains(f.message, "encrypted: not set")
}

test_default_encryption_in_the_plan_covers_the_volume if {
	by_default := fx.res("aws_ebs_encryption_by_default", "d", {"enabled": true})
	count(deny_of([by_default, volume({"encrypted": false})])) == 0
}

test_encryption_from_a_reference_warns if {
	v := volume({"encrypted": "${aws_ssm_parameter.p.value}"})
	count(deny_of([v])) == 0
	count(check.warn) == 1 with input as fx.plan_input([v])
}
