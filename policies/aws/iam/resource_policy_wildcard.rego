package csm.aws.iam.resource_policy_wildcard

import rego.v1

import data.csm.lib
import data.csm.lib.iam

# A Lambda permission narrows a wildcard principal with a source ARN, account or organization.
narrowed(p) if object.get(p.values, "source_arn", null) != null

narrowed(p) if object.get(p.values, "source_account", null) != null

narrowed(p) if object.get(p.values, "principal_org_id", null) != null

# METADATA
# title: Resource policies do not grant access to everyone
# description: No Allow statement of a resource policy (SQS, SNS, KMS key, ECR, Secrets Manager, EFS, Backup, Glacier, OpenSearch, API Gateway, EventBridge; buckets are CSM-AWS-S3-003's) names a wildcard principal without a condition; no aws_lambda_permission grants principal "*" without a source ARN, account or organization.
# custom:
#   id: CSM-AWS-IAM-004
#   severity: high
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Name the principals that need access, or add a condition (aws:SourceAccount, aws:SourceArn, aws:PrincipalOrgID).
#   aws_fsbp: ["SQS.3", "KMS.5", "Lambda.1"]
#   checkov: ["CKV_AWS_168", "CKV_AWS_169", "CKV_AWS_33", "CKV_AWS_32", "CKV_AWS_167", "CKV_AWS_301"]
#   trivy: ["AVD-AWS-0032"]
deny contains f if {
	some r in lib.live_of_types(object.keys(iam.resource_policy_attributes))
	attribute := iam.resource_policy_attributes[r.type]
	some st in iam.statements(object.get(r.values, attribute, null))
	iam.public(st)
	msg := sprintf("%s (%s) lets any principal %s (%s)", [r.address, attribute, concat(", ", [sprintf("%v", [a]) | some a in st.actions]), iam.describe(st)])
	f := lib.resource_finding(rego.metadata.rule(), r, msg)
}

# METADATA
# title: Resource policies do not grant access to everyone (Lambda permissions)
# description: No Allow statement of a resource policy (SQS, SNS, KMS key, ECR, Secrets Manager, EFS, Backup, Glacier, OpenSearch, API Gateway, EventBridge; buckets are CSM-AWS-S3-003's) names a wildcard principal without a condition; no aws_lambda_permission grants principal "*" without a source ARN, account or organization.
# custom:
#   id: CSM-AWS-IAM-004
#   severity: high
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Name the principals that need access, or add a condition (aws:SourceAccount, aws:SourceArn, aws:PrincipalOrgID).
#   aws_fsbp: ["SQS.3", "KMS.5", "Lambda.1"]
#   checkov: ["CKV_AWS_168", "CKV_AWS_169", "CKV_AWS_33", "CKV_AWS_32", "CKV_AWS_167", "CKV_AWS_301"]
#   trivy: ["AVD-AWS-0032"]
deny contains f if {
	some r in lib.live_of_type("aws_lambda_permission")
	r.values.principal == "*"
	not narrowed(r)
	msg := sprintf("%s lets any principal %v function %s", [r.address, r.values.action, lib.show(object.get(r.values, "function_name", null))])
	f := lib.resource_finding(rego.metadata.rule(), r, msg)
}

# METADATA
# title: Resource policies do not grant access to everyone (unknown at plan)
# description: The resource policy is built from values known only after apply and the plan shows no document behind it.
# custom:
#   id: CSM-AWS-IAM-004
#   severity: low
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Build the policy with aws_iam_policy_document, or review it after apply.
#   aws_fsbp: ["SQS.3", "KMS.5", "Lambda.1"]
#   checkov: ["CKV_AWS_168", "CKV_AWS_169", "CKV_AWS_33", "CKV_AWS_32", "CKV_AWS_167", "CKV_AWS_301"]
#   trivy: ["AVD-AWS-0032"]
warn contains f if {
	some r in lib.live_of_types(object.keys(iam.resource_policy_attributes))
	attribute := iam.resource_policy_attributes[r.type]
	policy := object.get(r.values, attribute, null)
	iam.unreadable(policy)
	not lib.left_to_provider(r, policy)
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s has a %s %s: csm cannot tell whether it is public", [r.address, attribute, lib.show(policy)]))
}
