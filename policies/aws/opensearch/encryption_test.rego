package csm.aws.opensearch.encryption_test

import rego.v1

import data.csm.aws.opensearch.encryption as check
import data.csm.fixtures.aws as fx

# As a list, so a test can match exactly one finding with `[f] := ...`.
deny_of(resources) := [f | some f in found] if {
	found := check.deny with input as fx.plan_input(resources)
}

test_encrypted_domain_passes if {
	count(deny_of([fx.res("aws_opensearch_domain", "d", {"encrypt_at_rest": [{"enabled": true}]})])) == 0
}

test_domain_without_encryption_denied if {
	[f] := deny_of([fx.res("aws_elasticsearch_domain", "d", {"encrypt_at_rest": "${self.encrypt_at_rest}"})])
	f.id == "CSM-AWS-OS-001"
}
