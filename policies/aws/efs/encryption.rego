package csm.aws.efs.encryption

import rego.v1

import data.csm.lib

derived(r, v) if {
	lib.unknown(v)
	not lib.left_to_provider(r, v)
}

value(r) := object.get(r.values, "encrypted", null)

# METADATA
# title: EFS file systems are encrypted at rest
# description: "Every aws_efs_file_system sets encrypted = true. Not set is not safe: a file system created through the API is unencrypted by default. csm's own file systems are CSM-SEC-002's."
# custom:
#   id: CSM-AWS-EFS-001
#   severity: high
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Set encrypted = true (and kms_key_id for a customer-managed key); an existing file system is encrypted by copying it to a new one.
#   aws_fsbp: ["EFS.1"]
#   checkov: ["CKV_AWS_42"]
#   trivy: ["AVD-AWS-0037"]
deny contains f if {
	some r in lib.live_of_type("aws_efs_file_system")
	not lib.own(r)
	not lib.enabled(value(r))
	not derived(r, value(r))
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s is not encrypted at rest (encrypted: %s)", [r.address, lib.describe(r, value(r))]))
}

# METADATA
# title: EFS file systems are encrypted at rest (unknown at plan)
# description: encrypted derives from a value known only after apply.
# custom:
#   id: CSM-AWS-EFS-001
#   severity: medium
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Write encrypted = true as a literal.
#   aws_fsbp: ["EFS.1"]
#   checkov: ["CKV_AWS_42"]
#   trivy: ["AVD-AWS-0037"]
warn contains f if {
	some r in lib.live_of_type("aws_efs_file_system")
	not lib.own(r)
	derived(r, value(r))
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s has encrypted %s: csm cannot tell whether it is encrypted", [r.address, lib.show(value(r))]))
}
