package csm.aws.elasticache.encryption

import rego.v1

import data.csm.lib

derived(r, v) if {
	lib.unknown(v)
	not lib.left_to_provider(r, v)
}

value(r) := object.get(r.values, "at_rest_encryption_enabled", null)

# METADATA
# title: ElastiCache replication groups are encrypted at rest
# description: "Every aws_elasticache_replication_group sets at_rest_encryption_enabled = true. Not set is not safe: the default depends on the engine version, which the plan does not decide."
# custom:
#   id: CSM-AWS-ELC-001
#   severity: high
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Set at_rest_encryption_enabled = true (and kms_key_id for a customer-managed key).
#   aws_fsbp: ["ElastiCache.4"]
#   checkov: ["CKV_AWS_29"]
#   trivy: ["AVD-AWS-0045"]
deny contains f if {
	some r in lib.live_of_type("aws_elasticache_replication_group")
	not lib.enabled(value(r))
	not derived(r, value(r))
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s is not encrypted at rest (at_rest_encryption_enabled: %s)", [r.address, lib.describe(r, value(r))]))
}

# METADATA
# title: ElastiCache replication groups are encrypted at rest (unknown at plan)
# description: at_rest_encryption_enabled derives from a value known only after apply.
# custom:
#   id: CSM-AWS-ELC-001
#   severity: medium
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Write at_rest_encryption_enabled = true as a literal.
#   aws_fsbp: ["ElastiCache.4"]
#   checkov: ["CKV_AWS_29"]
#   trivy: ["AVD-AWS-0045"]
warn contains f if {
	some r in lib.live_of_type("aws_elasticache_replication_group")
	derived(r, value(r))
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s has at_rest_encryption_enabled %s: csm cannot tell whether it is encrypted", [r.address, lib.show(value(r))]))
}
