package csm.aws.kms.rotation

import rego.v1

import data.csm.lib

# Only symmetric encryption keys can rotate automatically. A key is judged unless the plan knows it is of another
# kind: left to the provider (Terraform 0.12 plans show key_usage known only after apply), the key is symmetric.
rotatable(r) if {
	not other_kind(object.get(r.values, "key_usage", null), "ENCRYPT_DECRYPT")
	not other_kind(object.get(r.values, "customer_master_key_spec", null), "SYMMETRIC_DEFAULT")
}

other_kind(v, symmetric) if {
	is_string(v)
	not lib.unknown(v)
	not v in {"", symmetric}
}

derived(r, v) if {
	lib.unknown(v)
	not lib.left_to_provider(r, v)
}

# METADATA
# title: KMS keys rotate
# description: A symmetric aws_kms_key sets enable_key_rotation = true. Asymmetric and HMAC keys cannot rotate and are not judged.
# custom:
#   id: CSM-AWS-KMS-001
#   severity: medium
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Set enable_key_rotation = true.
#   aws_fsbp: ["KMS.4"]
#   checkov: ["CKV_AWS_7"]
#   trivy: ["AVD-AWS-0065"]
deny contains f if {
	some r in lib.live_of_type("aws_kms_key")
	rotatable(r)
	v := object.get(r.values, "enable_key_rotation", null)
	not lib.enabled(v)
	not derived(r, v)
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s does not rotate (enable_key_rotation: %s)", [r.address, lib.describe(r, v)]))
}
