package csm.aws.rds.encryption

import rego.v1

import data.csm.lib

# Stores whose encryption another source decides: a read replica inherits its source's, a serverless v1 cluster
# is always encrypted.
inherits(r) if object.get(r.values, "replicate_source_db", null) != null

inherits(r) if object.get(r.values, "engine_mode", null) == "serverless"

subjects contains r if {
	some r in lib.live_of_types({"aws_db_instance", "aws_rds_cluster"})
	not lib.own(r)
	not inherits(r)
}

derived(r, v) if {
	lib.unknown(v)
	not lib.left_to_provider(r, v)
}

# METADATA
# title: RDS instances and Aurora clusters are encrypted at rest
# description: aws_db_instance and aws_rds_cluster set storage_encrypted = true. Not set is not safe (RDS and Aurora default to unencrypted). Read replicas inherit their source's encryption. csm's own databases are CSM-SEC-002's.
# custom:
#   id: CSM-AWS-RDS-001
#   severity: high
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Set storage_encrypted = true (and kms_key_id for a customer-managed key); an existing database is encrypted by restoring an encrypted snapshot copy.
#   aws_fsbp: ["RDS.3", "RDS.27"]
#   checkov: ["CKV_AWS_16", "CKV_AWS_96"]
#   trivy: ["AVD-AWS-0080", "AVD-AWS-0079"]
deny contains f if {
	some r in subjects
	v := object.get(r.values, "storage_encrypted", null)
	not lib.enabled(v)
	not derived(r, v)
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s is not encrypted at rest (storage_encrypted: %s)", [r.address, lib.describe(r, v)]))
}

# METADATA
# title: RDS instances and Aurora clusters are encrypted at rest (unknown at plan)
# description: storage_encrypted derives from a value known only after apply.
# custom:
#   id: CSM-AWS-RDS-001
#   severity: medium
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Write storage_encrypted = true as a literal.
#   aws_fsbp: ["RDS.3", "RDS.27"]
#   checkov: ["CKV_AWS_16", "CKV_AWS_96"]
#   trivy: ["AVD-AWS-0080", "AVD-AWS-0079"]
warn contains f if {
	some r in subjects
	v := object.get(r.values, "storage_encrypted", null)
	derived(r, v)
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s has storage_encrypted %s: csm cannot tell whether it is encrypted", [r.address, lib.show(v)]))
}
