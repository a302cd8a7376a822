package csm.aws.iam.admin_policy_test

import rego.v1

import data.csm.aws.iam.admin_policy as check
import data.csm.fixtures.aws as fx

policy(statement) := fx.res("aws_iam_policy", "p", {"policy": json.marshal({"Version": "2012-10-17", "Statement": statement})})

# As a list, so a test can match exactly one finding with `[f] := ...`.
deny_of(resources) := [f | some f in found] if {
	found := check.deny with input as fx.plan_input(resources)
}

test_scoped_actions_pass if {
	count(deny_of([policy([{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}])])) == 0
}

test_every_action_on_one_resource_passes if {
	count(deny_of([policy([{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b"}])])) == 0
}

test_star_star_as_a_statement_object_denied if {
	[f] := deny_of([policy({"Effect": "Allow", "Action": ["*:*"], "Resource": ["*"]})])
	f.id == "CSM-AWS-IAM-001"
}

test_inline_policy_of_a_role_denied if {
	role := fx.res("aws_iam_role", "r", {"inline_policy": [{"name": "all", "policy": json.marshal({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})}]})
	[f] := deny_of([role])
	contains(f.message, "inline_policy all")
}

test_known_only_after_apply_warns if {
	p := fx.res("aws_iam_policy", "p", {"policy": "${aws_s3_bucket.b.arn}"})
	count(deny_of([p])) == 0
	found := check.warn with input as fx.plan_input([p])
	[w] := [x | some x in found]
	w.id == "CSM-AWS-IAM-001"
}

test_csm_policy_is_the_house_rule_s if {
	count(deny_of([fx.own(policy([{"Effect": "Allow", "Action": "*", "Resource": "*"}]))])) == 0
}
