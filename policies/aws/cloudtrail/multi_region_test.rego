package csm.aws.cloudtrail.multi_region_test

import rego.v1

import data.csm.aws.cloudtrail.multi_region as check
import data.csm.fixtures.aws as fx

# As a list, so a test can match exactly one finding with `[f] := ...`.
deny_of(resources) := [f | some f in found] if {
	found := check.deny with input as fx.plan_input(resources)
}

test_on_passes if {
	count(deny_of([fx.res("aws_cloudtrail", "t", {"is_multi_region_trail": true})])) == 0
}

test_off_denied if {
	[f] := deny_of([fx.res("aws_cloudtrail", "t", {"is_multi_region_trail": false})])
	f.id == "CSM-AWS-CT-001"
}
