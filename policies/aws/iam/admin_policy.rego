package csm.aws.iam.admin_policy

import rego.v1

import data.csm.lib
import data.csm.lib.iam

# METADATA
# title: No IAM policy allows every action on every resource
# description: No Allow statement of an aws_iam_policy, role, user or group policy, or aws_iam_role inline policy has Action "*" (or "*:*") on Resource "*", however the document is written (jsonencode, heredoc, a policy document read at plan or only at apply). csm's own policies are CSM-SEC-007's.
# custom:
#   id: CSM-AWS-IAM-001
#   severity: high
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: List the actions the principal needs and scope Resource to the resources it uses.
#   aws_fsbp: ["IAM.1"]
#   checkov: ["CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_1", "CKV_AWS_49"]
#   trivy: ["AVD-AWS-0057"]
deny contains f if {
	some r in lib.live_of_types(iam.identity_types)
	not lib.own(r)
	some found in iam.admin_statements(r)
	msg := sprintf("%s (%s) allows every action on every resource (%s)", [r.address, found.where, iam.describe(found.statement)])
	f := lib.resource_finding(rego.metadata.rule(), r, msg)
}

# METADATA
# title: No IAM policy allows every action on every resource (unknown at plan)
# description: The policy document is built from values known only after apply and the plan shows no document behind it.
# custom:
#   id: CSM-AWS-IAM-001
#   severity: medium
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Build the document with aws_iam_policy_document, or review it after apply.
#   aws_fsbp: ["IAM.1"]
#   checkov: ["CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_1", "CKV_AWS_49"]
#   trivy: ["AVD-AWS-0057"]
warn contains f if {
	some r in lib.live_of_types(iam.identity_types)
	not lib.own(r)
	some d in iam.identity_documents(r)
	iam.unreadable(d.value)
	not lib.left_to_provider(r, d.value)
	msg := sprintf("%s (%s) is known only after apply (%s): csm cannot tell what it allows", [r.address, d.where, d.value])
	f := lib.resource_finding(rego.metadata.rule(), r, msg)
}
