package csm.aws.s3.public_policy

import rego.v1

import data.csm.lib
import data.csm.lib.iam

# Bucket policies: aws_s3_bucket_policy, and the legacy policy argument of aws_s3_bucket.
policy_of(r) := object.get(r.values, "policy", null) if r.type in {"aws_s3_bucket_policy", "aws_s3_bucket"}

# METADATA
# title: Bucket policies do not grant access to everyone
# description: "No Allow statement of a bucket policy (however written, including a policy document read only at apply) names a wildcard principal (\"*\" or {\"AWS\": \"*\"}) without a condition that narrows it."
# custom:
#   id: CSM-AWS-S3-003
#   severity: high
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Name the principals that need access, or add a condition (aws:SourceVpce, aws:PrincipalOrgID, aws:SourceAccount).
#   aws_fsbp: ["S3.2", "S3.3"]
#   checkov: ["CKV_AWS_70"]
#   trivy: []
deny contains f if {
	some r in lib.live_of_types({"aws_s3_bucket_policy", "aws_s3_bucket"})
	policy := policy_of(r)
	some st in iam.statements(policy)
	iam.public(st)
	msg := sprintf("%s lets any principal %s (%s)", [r.address, concat(", ", [sprintf("%v", [a]) | some a in st.actions]), iam.describe(st)])
	f := lib.resource_finding(rego.metadata.rule(), r, msg)
}

# METADATA
# title: Bucket policies do not grant access to everyone (unknown at plan)
# description: The bucket policy is built from values known only after apply and the plan shows no document behind it.
# custom:
#   id: CSM-AWS-S3-003
#   severity: low
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Build the policy with aws_iam_policy_document or jsonencode of values the plan knows, or review it after apply.
#   aws_fsbp: ["S3.2", "S3.3"]
#   checkov: ["CKV_AWS_70"]
#   trivy: []
warn contains f if {
	some r in lib.live_of_types({"aws_s3_bucket_policy", "aws_s3_bucket"})
	policy := policy_of(r)
	iam.unreadable(policy)
	not lib.left_to_provider(r, policy)
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s has a policy %s: csm cannot tell whether it is public", [r.address, lib.show(policy)]))
}
