package csm.aws.lambda.environment_secrets

import rego.v1

import data.csm.lib
import data.csm.lib.secrets

# METADATA
# title: Lambda environments hold no secrets
# description: "No variable of an aws_lambda_function's environment holds a secret-looking literal: a credential pattern, or a literal in a variable named like a password, token, key or secret (an ARN, an SSM parameter name or a dynamic reference is a pointer, not a secret). Anyone who can read the function's configuration can read its environment."
# custom:
#   id: CSM-AWS-LMB-001
#   severity: high
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Keep the secret in Secrets Manager or SSM Parameter Store and pass its ARN or name; rotate the exposed secret.
#   aws_fsbp: []
#   checkov: ["CKV_AWS_45"]
#   trivy: []
deny contains f if {
	some r in lib.live_of_type("aws_lambda_function")
	some e in lib.blocks(object.get(r.values, "environment", null))
	variables := object.get(e, "variables", {})
	is_object(variables)
	names := [name | some name, v in variables; secrets.secret_variable(name, v)]
	count(names) > 0
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s environment holds secret-looking literals in %s", [r.address, concat(", ", sort(names))]))
}
