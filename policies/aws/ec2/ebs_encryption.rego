package csm.aws.ec2.ebs_encryption

import rego.v1

import data.csm.lib

# EBS encryption by default switched on in the same plan: every new volume is encrypted whatever it says.
encrypted_by_default if {
	some d in lib.live_of_type("aws_ebs_encryption_by_default")
	object.get(d.values, "enabled", true) == true
}

# METADATA
# title: EBS volumes are encrypted
# description: "An aws_ebs_volume has encrypted = true, unless aws_ebs_encryption_by_default is enabled in the same plan. Not set is not safe: a volume is unencrypted unless the account default says otherwise, which the plan does not show."
# custom:
#   id: CSM-AWS-EC2-004
#   severity: high
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Set encrypted = true (and kms_key_id for a customer-managed key), or enable aws_ebs_encryption_by_default.
#   aws_fsbp: ["EC2.3", "EC2.7"]
#   checkov: ["CKV_AWS_3", "CKV_AWS_106"]
#   trivy: ["AVD-AWS-0026"]
deny contains f if {
	some r in lib.live_of_type("aws_ebs_volume")
	not encrypted_by_default
	v := object.get(r.values, "encrypted", null)
	not lib.enabled(v)
	not derived(r, v)
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s is not encrypted (encrypted: %s)", [r.address, lib.describe(r, v)]))
}

derived(r, v) if {
	lib.unknown(v)
	not lib.left_to_provider(r, v)
}

# METADATA
# title: EBS volumes are encrypted (unknown at plan)
# description: encrypted derives from a value known only after apply.
# custom:
#   id: CSM-AWS-EC2-004
#   severity: medium
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Write encrypted = true as a literal.
#   aws_fsbp: ["EC2.3", "EC2.7"]
#   checkov: ["CKV_AWS_3", "CKV_AWS_106"]
#   trivy: ["AVD-AWS-0026"]
warn contains f if {
	some r in lib.live_of_type("aws_ebs_volume")
	not encrypted_by_default
	v := object.get(r.values, "encrypted", null)
	derived(r, v)
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s has encrypted %s: csm cannot tell whether it is encrypted", [r.address, lib.show(v)]))
}
