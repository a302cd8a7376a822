package csm.aws.dynamodb.encryption

import rego.v1

import data.csm.lib

kms_encrypted(r) if {
	some s in lib.blocks(object.get(r.values, "server_side_encryption", null))
	s.enabled == true
}

# METADATA
# title: DynamoDB tables are encrypted with a KMS key
# description: "An aws_dynamodb_table enables server_side_encryption (an AWS-managed or customer-managed KMS key). Without it the table is still encrypted, with a key AWS owns that no key policy or CloudTrail entry covers: a warning. csm's own tables are CSM-SEC-002's."
# custom:
#   id: CSM-AWS-DDB-001
#   severity: low
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Add server_side_encryption { enabled = true, kms_key_arn = <customer-managed key> }.
#   aws_fsbp: []
#   checkov: ["CKV_AWS_119"]
#   trivy: ["AVD-AWS-0025"]
warn contains f if {
	some r in lib.live_of_type("aws_dynamodb_table")
	not lib.own(r)
	not kms_encrypted(r)
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s is encrypted only with an AWS-owned key (server_side_encryption not enabled)", [r.address]))
}
