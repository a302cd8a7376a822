package csm.aws.lambda.environment_secrets_test

import rego.v1

import data.csm.aws.lambda.environment_secrets as check
import data.csm.fixtures.aws as fx

function(variables) := fx.res("aws_lambda_function", "f", {"environment": [{"variables": variables}]})

# As a list, so a test can match exactly one finding with `[f] := ...`.
deny_of(resources) := [f | some f in found] if {
	found := check.deny with input as fx.plan_input(resources)
}

test_pointers_to_secrets_pass if {
	count(deny_of([function({"DB_PASSWORD_ARN": "arn:aws:secretsmanager:eu-west-1:1:secret:db", "API_TOKEN": "/app/token", "LOG_LEVEL": "debug"})])) == 0
}

test_password_literal_denied_without_repeating_it if {
	[f] := deny_of([function({"DB_PASSWORD": "correct-horse-battery", "LOG_LEVEL": "debug"})])
	f.id == "CSM-AWS-LMB-001"
	contains(f.message, "DB_PASSWORD")
	not contains(f.message, "correct-horse")
}

test_access_key_under_any_name_denied if {
	count(deny_of([function({"SETTINGS": "AKIAIOSFODNN7EXAMPLE"})])) == 1
}

test_value_known_only_after_apply_is_not_a_literal if {
	count(deny_of([function({"DB_PASSWORD": "${aws_secretsmanager_secret_version.s.secret_string}"})])) == 0
}
