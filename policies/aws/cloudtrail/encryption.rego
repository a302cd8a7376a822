package csm.aws.cloudtrail.encryption

import rego.v1

import data.csm.lib

# METADATA
# title: CloudTrail logs are encrypted with a KMS key
# description: An aws_cloudtrail names a KMS key (kms_key_id; a key known only after apply still names one), so reading the logs needs the key as well as the bucket.
# custom:
#   id: CSM-AWS-CT-003
#   severity: medium
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Set kms_key_id to a customer-managed key whose policy lets CloudTrail encrypt.
#   aws_fsbp: ["CloudTrail.2"]
#   checkov: ["CKV_AWS_35"]
#   trivy: ["AVD-AWS-0015"]
deny contains f if {
	some r in lib.live_of_type("aws_cloudtrail")
	lib.not_set(r, object.get(r.values, "kms_key_id", null))
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s logs are not encrypted with a KMS key (no kms_key_id)", [r.address]))
}
