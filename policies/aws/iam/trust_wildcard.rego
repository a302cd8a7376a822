package csm.aws.iam.trust_wildcard

import rego.v1

import data.csm.lib
import data.csm.lib.iam

# METADATA
# title: Roles cannot be assumed by any principal
# description: "No Allow statement of an aws_iam_role's assume_role_policy names a wildcard principal (\"*\" or {\"AWS\": \"*\"}) without a condition (an external id, an organization, a source account)."
# custom:
#   id: CSM-AWS-IAM-003
#   severity: high
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Name the accounts, roles or services that may assume the role, or add a condition such as sts:ExternalId or aws:PrincipalOrgID.
#   aws_fsbp: []
#   checkov: ["CKV_AWS_60", "CKV_AWS_61"]
#   trivy: []
deny contains f if {
	some r in lib.live_of_type("aws_iam_role")
	some st in iam.statements(object.get(r.values, "assume_role_policy", null))
	iam.public(st)
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s can be assumed by any principal (%s)", [r.address, iam.describe(st)]))
}

# METADATA
# title: Roles cannot be assumed by any principal (unknown at plan)
# description: The trust policy is built from values known only after apply and the plan shows no document behind it.
# custom:
#   id: CSM-AWS-IAM-003
#   severity: medium
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Build the trust policy with aws_iam_policy_document, or review it after apply.
#   aws_fsbp: []
#   checkov: ["CKV_AWS_60", "CKV_AWS_61"]
#   trivy: []
warn contains f if {
	some r in lib.live_of_type("aws_iam_role")
	policy := object.get(r.values, "assume_role_policy", null)
	iam.unreadable(policy)
	not lib.left_to_provider(r, policy)
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s has a trust policy %s: csm cannot tell who may assume it", [r.address, lib.show(policy)]))
}
