package csm.aws.neptune.encryption

import rego.v1

import data.csm.lib

derived(r, v) if {
	lib.unknown(v)
	not lib.left_to_provider(r, v)
}

value(r) := object.get(r.values, "storage_encrypted", null)

# METADATA
# title: Neptune clusters are encrypted at rest
# description: "Every aws_neptune_cluster sets storage_encrypted = true. Not set is not safe: Neptune clusters default to unencrypted."
# custom:
#   id: CSM-AWS-NEP-001
#   severity: high
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Set storage_encrypted = true (and kms_key_arn for a customer-managed key).
#   aws_fsbp: ["Neptune.1"]
#   checkov: ["CKV_AWS_44"]
#   trivy: ["AVD-AWS-0076"]
deny contains f if {
	some r in lib.live_of_type("aws_neptune_cluster")
	not lib.enabled(value(r))
	not derived(r, value(r))
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s is not encrypted at rest (storage_encrypted: %s)", [r.address, lib.describe(r, value(r))]))
}

# METADATA
# title: Neptune clusters are encrypted at rest (unknown at plan)
# description: storage_encrypted derives from a value known only after apply.
# custom:
#   id: CSM-AWS-NEP-001
#   severity: medium
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Write storage_encrypted = true as a literal.
#   aws_fsbp: ["Neptune.1"]
#   checkov: ["CKV_AWS_44"]
#   trivy: ["AVD-AWS-0076"]
warn contains f if {
	some r in lib.live_of_type("aws_neptune_cluster")
	derived(r, value(r))
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s has storage_encrypted %s: csm cannot tell whether it is encrypted", [r.address, lib.show(value(r))]))
}
