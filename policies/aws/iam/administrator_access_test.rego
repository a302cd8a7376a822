package csm.aws.iam.administrator_access_test

import rego.v1

import data.csm.aws.iam.administrator_access as check
import data.csm.fixtures.aws as fx

attachment(arn) := fx.res("aws_iam_role_policy_attachment", "a", {"role": "r", "policy_arn": arn})

# As a list, so a test can match exactly one finding with `[f] := ...`.
deny_of(resources) := [f | some f in found] if {
	found := check.deny with input as fx.plan_input(resources)
}

test_read_only_access_passes if {
	count(deny_of([attachment("arn:aws:iam::aws:policy/ReadOnlyAccess")])) == 0
}

test_administrator_access_denied if {
	[f] := deny_of([attachment("arn:aws:iam::aws:policy/AdministratorAccess")])
	f.id == "CSM-AWS-IAM-002"
}

test_administrator_access_in_managed_policy_arns_of_another_partition_denied if {
	role := fx.res("aws_iam_role", "r", {"managed_policy_arns": ["arn:aws-us-gov:iam::aws:policy/AdministratorAccess"]})
	[f] := deny_of([role])
	f.resource == "aws_iam_role.r"
}

test_policy_from_a_data_source_read_at_apply_warns if {
	a := attachment("${data.aws_iam_policy.p.arn}")
	count(deny_of([a])) == 0
	count(check.warn) == 1 with input as fx.plan_input([a])
}
