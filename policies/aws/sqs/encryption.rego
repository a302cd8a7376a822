package csm.aws.sqs.encryption

import rego.v1

import data.csm.lib

# METADATA
# title: SQS queues are encrypted at rest
# description: An aws_sqs_queue names a KMS key (kms_master_key_id) or keeps SQS-managed encryption on; sqs_managed_sse_enabled = false without a key leaves messages unencrypted. Left to AWS, new queues get SSE-SQS. csm's own queues are CSM-SEC-002's.
# custom:
#   id: CSM-AWS-SQS-001
#   severity: medium
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Set kms_master_key_id, or remove sqs_managed_sse_enabled = false.
#   aws_fsbp: ["SQS.1"]
#   checkov: ["CKV_AWS_27"]
#   trivy: ["AVD-AWS-0096"]
deny contains f if {
	some r in lib.live_of_type("aws_sqs_queue")
	not lib.own(r)
	lib.not_set(r, object.get(r.values, "kms_master_key_id", null))
	r.values.sqs_managed_sse_enabled == false
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s is not encrypted at rest (sqs_managed_sse_enabled = false and no kms_master_key_id)", [r.address]))
}
