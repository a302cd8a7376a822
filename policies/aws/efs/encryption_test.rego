package csm.aws.efs.encryption_test

import rego.v1

import data.csm.aws.efs.encryption as check
import data.csm.fixtures.aws as fx

store(v) := fx.res("aws_efs_file_system", "s", {"encrypted": v})

# As a list, so a test can match exactly one finding with `[f] := ...`.
deny_of(resources) := [f | some f in found] if {
	found := check.deny with input as fx.plan_input(resources)
}

test_encrypted_passes if {
	count(deny_of([store(true)])) == 0
	count(deny_of([store("true")])) == 0
}

test_unencrypted_denied if {
	[f] := deny_of([store(false)])
	f.id == "CSM-AWS-EFS-001"
}

test_left_to_the_provider_denied if {
	[f] := deny_of([store("${self.encrypted}")])
	contains(f.message, "encrypted: not set")
}

test_from_a_reference_warns if {
	s := store("${aws_ssm_parameter.p.value}")
	count(deny_of([s])) == 0
	count(check.warn) == 1 with input as fx.plan_input([s])
}
