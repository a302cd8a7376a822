package csm.aws.opensearch.public_test

import rego.v1

import data.csm.aws.opensearch.public as check
import data.csm.fixtures.aws as fx

# As a list, so a test can match exactly one finding with `[f] := ...`.
deny_of(resources) := [f | some f in found] if {
	found := check.deny with input as fx.plan_input(resources)
}

test_domain_in_a_vpc_passes if {
	count(deny_of([fx.res("aws_opensearch_domain", "d", {"vpc_options": [{"subnet_ids": ["subnet-1"]}]})])) == 0
}

test_domain_without_vpc_denied if {
	[f] := deny_of([fx.res("aws_opensearch_domain", "d", {"vpc_options": []})])
	f.id == "CSM-AWS-OS-002"
}
