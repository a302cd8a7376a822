package csm.aws.iam.resource_policy_wildcard_test

import rego.v1

import data.csm.aws.iam.resource_policy_wildcard as check
import data.csm.fixtures.aws as fx

queue_policy(statement) := fx.res("aws_sqs_queue_policy", "q", {"policy": json.marshal({"Statement": [statement]})})

# As a list, so a test can match exactly one finding with `[f] := ...`.
deny_of(resources) := [f | some f in found] if {
	found := check.deny with input as fx.plan_input(resources)
}

test_account_principal_passes if {
	count(deny_of([queue_policy({"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sqs:SendMessage"})])) == 0
}

test_wildcard_with_source_arn_condition_passes if {
	st := {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:eu-west-1:111122223333:t"}}}
	count(deny_of([queue_policy(st)])) == 0
}

test_anyone_may_send_denied if {
	[f] := deny_of([queue_policy({"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage"})])
	f.id == "CSM-AWS-IAM-004"
}

test_public_lambda_permission_denied if {
	p := fx.res("aws_lambda_permission", "p", {"principal": "*", "action": "lambda:InvokeFunction", "function_name": "f"})
	[f] := deny_of([p])
	f.resource == "aws_lambda_permission.p"
}

test_lambda_permission_with_a_source_arn_passes if {
	p := fx.res("aws_lambda_permission", "p", {"principal": "*", "action": "lambda:InvokeFunction", "function_name": "f", "source_arn": "arn:aws:execute-api:x"})
	count(deny_of([p])) == 0
}
