package csm.aws.sns.encryption

import rego.v1

import data.csm.lib

# METADATA
# title: SNS topics are encrypted at rest
# description: An aws_sns_topic names a KMS key (kms_master_key_id; alias/aws/sns is AWS's managed key). A key known only after apply still names one. csm's own topics are CSM-SEC-002's.
# custom:
#   id: CSM-AWS-SNS-001
#   severity: medium
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Set kms_master_key_id to a customer-managed key (or alias/aws/sns).
#   aws_fsbp: ["SNS.1"]
#   checkov: ["CKV_AWS_26"]
#   trivy: ["AVD-AWS-0095"]
deny contains f if {
	some r in lib.live_of_type("aws_sns_topic")
	not lib.own(r)
	lib.not_set(r, object.get(r.values, "kms_master_key_id", null))
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s is not encrypted at rest (no kms_master_key_id)", [r.address]))
}
