package csm.aws.rds.public

import rego.v1

import data.csm.lib

derived(r, v) if {
	lib.unknown(v)
	not lib.left_to_provider(r, v)
}

# METADATA
# title: Databases are not publicly accessible
# description: publicly_accessible is not true on aws_db_instance or aws_rds_cluster_instance. csm's own databases are CSM-SEC-004's.
# custom:
#   id: CSM-AWS-RDS-002
#   severity: high
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Set publicly_accessible = false and reach the database from inside the VPC.
#   aws_fsbp: ["RDS.2"]
#   checkov: ["CKV_AWS_17"]
#   trivy: ["AVD-AWS-0180"]
deny contains f if {
	some r in lib.live_of_types({"aws_db_instance", "aws_rds_cluster_instance"})
	not lib.own(r)
	r.values.publicly_accessible == true
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s is publicly accessible", [r.address]))
}

# METADATA
# title: Databases are not publicly accessible (unknown at plan)
# description: publicly_accessible derives from a value known only after apply.
# custom:
#   id: CSM-AWS-RDS-002
#   severity: medium
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Write publicly_accessible = false as a literal.
#   aws_fsbp: ["RDS.2"]
#   checkov: ["CKV_AWS_17"]
#   trivy: ["AVD-AWS-0180"]
warn contains f if {
	some r in lib.live_of_types({"aws_db_instance", "aws_rds_cluster_instance"})
	not lib.own(r)
	derived(r, object.get(r.values, "publicly_accessible", null))
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s has publicly_accessible %s: csm cannot tell whether it is public", [r.address, lib.show(r.values.publicly_accessible)]))
}
