package csm.aws.eks.public_endpoint_test

import rego.v1

import data.csm.aws.eks.public_endpoint as check
import data.csm.fixtures.aws as fx

cluster(vpc_config) := fx.res("aws_eks_cluster", "c", {"vpc_config": [vpc_config]})

# As a list, so a test can match exactly one finding with `[f] := ...`.
deny_of(resources) := [f | some f in found] if {
	found := check.deny with input as fx.plan_input(resources)
}

test_private_endpoint_passes if {
	count(deny_of([cluster({"endpoint_public_access": false})])) == 0
}

test_public_endpoint_to_known_ranges_passes if {
	count(deny_of([cluster({"endpoint_public_access": true, "public_access_cidrs": ["203.0.113.0/24"]})])) == 0
}

test_public_endpoint_by_default_denied if {
	[f] := deny_of([cluster({"endpoint_public_access": true, "public_access_cidrs": "${self.vpc_config[0].public_access_cidrs}"})])
	f.id == "CSM-AWS-EKS-001"
	contains(f.message, "not set")
}

test_ranges_from_a_reference_warn if {
	c := cluster({"endpoint_public_access": true, "public_access_cidrs": "${aws_vpc.v.cidr_block}"})
	count(deny_of([c])) == 0
	count(check.warn) == 1 with input as fx.plan_input([c])
}
