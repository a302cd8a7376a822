package csm.aws.iam.trust_wildcard_test

import rego.v1

import data.csm.aws.iam.trust_wildcard as check
import data.csm.fixtures.aws as fx

role(principal, condition) := fx.res("aws_iam_role", "r", {"assume_role_policy": json.marshal({"Statement": [object.union({"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": principal}, condition)]})})

# As a list, so a test can match exactly one finding with `[f] := ...`.
deny_of(resources) := [f | some f in found] if {
	found := check.deny with input as fx.plan_input(resources)
}

test_service_principal_passes if {
	count(deny_of([role({"Service": "ec2.amazonaws.com"}, {})])) == 0
}

test_wildcard_with_external_id_passes if {
	count(deny_of([role({"AWS": "*"}, {"Condition": {"StringEquals": {"sts:ExternalId": "x"}}})])) == 0
}

test_anyone_may_assume_denied if {
	[f] := deny_of([role({"AWS": ["*"]}, {})])
	f.id == "CSM-AWS-IAM-003"
}
