package csm.aws.iam.administrator_access

import rego.v1

import data.csm.lib

# AWS's managed AdministratorAccess policy, in any partition.
administrator_access(arn) if regex.match(`^arn:aws[a-z-]*:iam::aws:policy/AdministratorAccess$`, arn)

attachment_types := {
	"aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment", "aws_iam_policy_attachment",
	"aws_iam_role", "aws_iam_role_policy_attachments_exclusive", "aws_iam_user_policy_attachments_exclusive", "aws_iam_group_policy_attachments_exclusive",
}

# Where each attachment kind holds its policy ARNs.
attached(r) := [r.values.policy_arn] if r.type in {"aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment", "aws_iam_policy_attachment"}

attached(r) := [a | some a in object.get(r.values, "managed_policy_arns", [])] if {
	r.type == "aws_iam_role"
	is_array(object.get(r.values, "managed_policy_arns", null))
}

attached(r) := [a | some a in object.get(r.values, "policy_arns", [])] if {
	r.type in {"aws_iam_role_policy_attachments_exclusive", "aws_iam_user_policy_attachments_exclusive", "aws_iam_group_policy_attachments_exclusive"}
	is_array(object.get(r.values, "policy_arns", null))
}

# METADATA
# title: AdministratorAccess is not attached to users, groups or roles
# description: No role, user or group gets AWS's managed AdministratorAccess policy, through policy attachments, aws_iam_policy_attachment, a role's managed_policy_arns or an exclusive attachment set.
# custom:
#   id: CSM-AWS-IAM-002
#   severity: high
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Attach a policy that grants the actions the principal needs; keep break-glass administrator access out of automation.
#   aws_fsbp: []
#   checkov: ["CKV_AWS_274"]
#   trivy: []
deny contains f if {
	some r in lib.live_of_types(attachment_types)
	some arn in attached(r)
	is_string(arn)
	administrator_access(arn)
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s attaches %s", [r.address, arn]))
}

# METADATA
# title: AdministratorAccess is not attached to users, groups or roles (unknown at plan)
# description: The attached policy's ARN comes from a data source read only at apply; it may be AdministratorAccess.
# custom:
#   id: CSM-AWS-IAM-002
#   severity: medium
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Write the ARN of the policy you attach, or review it after apply.
#   aws_fsbp: []
#   checkov: ["CKV_AWS_274"]
#   trivy: []
warn contains f if {
	some r in lib.live_of_types(attachment_types)
	some arn in attached(r)
	lib.unknown(arn)
	contains(arn, "${data.")
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s attaches a policy known only after apply (%s): csm cannot tell whether it is AdministratorAccess", [r.address, arn]))
}
