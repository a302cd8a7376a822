# Helpers every csm policy package shares: reading the resource view the same way at both gates, knowing
# which resource types hold customer data, and building findings in the contract's shape (policies/README.md).
package csm.lib

import rego.v1

# A nested block is an object in cdk.tf.json (synth gate) and a one-element array in `terraform show -json`
# (plan gate); an absent block is null or missing. Rules iterate `some b in lib.blocks(x)` and never care.
blocks(v) := v if is_array(v)

blocks(v) := [v] if is_object(v)

blocks(v) := [] if {
	not is_array(v)
	not is_object(v)
}

# Resource types that hold customer data: deleting or replacing one loses data (9.2), and they are the stores
# whose encryption and deletion protection the security rules insist on (6.6). This knowledge lives here, in
# policy, so adding a type needs no TypeScript change.
data_bearing_types := {
	"aws_s3_bucket",
	"aws_db_instance",
	"aws_rds_cluster",
	"aws_efs_file_system",
	"aws_dynamodb_table",
	"aws_ecr_repository",
	"aws_ebs_volume",
	"aws_elasticache_replication_group",
	"aws_docdb_cluster",
	"aws_neptune_cluster",
	"aws_redshift_cluster",
	"aws_opensearch_domain",
	"aws_kinesis_stream",
	"aws_sqs_queue",
	"aws_backup_vault",
}

data_bearing(r) if r.type in data_bearing_types

# The switch on each store that makes AWS refuse to delete it (on while the store lives: CSM-SEC-012) ...
protection_attribute := {
	"aws_db_instance": "deletion_protection",
	"aws_rds_cluster": "deletion_protection",
	"aws_dynamodb_table": "deletion_protection_enabled",
}

# ... and the one that lets Terraform delete a store that still holds objects (off while the store lives:
# CSM-LCM-002); without it, AWS refuses to delete a store that is not empty.
empties_on_delete := {
	"aws_s3_bucket": "force_destroy",
	"aws_ecr_repository": "force_delete",
}

# A terminate is the one operation that may turn both switches, in its unprotect step; when it may is
# csm.operations' to decide (CSM-OPS-015).
terminating if input.operation == "terminate"

# Resources that exist after the change: a delete's values are the old ones and say nothing about the future.
live contains r if {
	some r in input.resources
	r.action != "delete"
}

live_of_type(t) := [r | some r in live; r.type == t]

# A value known only after apply reads `${<address>.<attribute>}` at both gates; `refers_to` matches such a
# reference against a resource address, so companion resources (a bucket's encryption, its logging) can be
# joined to the resource they configure.
refers_to(v, address) if v == sprintf("${%s}", [address])

refers_to(v, address) if {
	is_string(v)
	startswith(v, sprintf("${%s.", [address]))
}

# The tenant's own customer-managed key: a reference to an aws_kms_key of the stack (never an AWS-managed
# default key or a literal ARN of someone else's key).
tenant_key(v) if {
	is_string(v)
	startswith(v, "${aws_kms_key.")
}

# The customer the evaluated stack belongs to, and its agreement; undefined for a service-wide operation.
customer := data.csm.customers[input.customer]

agreement := customer.agreement

# The SLA tier the customer agreed for a service, as the service's catalogue entry defines it.
agreed_tier(service) := tier if {
	some tier in data.csm.services[service].slaTiers
	tier.id == agreement.slaTiers[service]
}

# Findings. `meta` is `rego.metadata.rule()` of the calling rule: id, severity, clauses and remediation are
# stated once, in the rule's METADATA, and never repeated in its body.
base(meta, message) := {
	"id": meta.custom.id,
	"severity": meta.custom.severity,
	"message": message,
	"clauses": meta.custom.clauses,
	"scenario": object.get(input, "scenario", meta.custom.scenario),
	"remediation": meta.custom.remediation,
}

# A finding about one resource; it points at the construct that made it.
resource_finding(meta, r, message) := object.union(base(meta, message), {
	"resource": r.address,
	"construct_path": object.get(r, "construct_path", null),
	"source": null,
})

# A finding about one resource whose cause is a catalogue field (e.g. the SLA tier that asks for multi-AZ).
resource_finding_from(meta, r, message, source) := object.union(resource_finding(meta, r, message), {"source": source})

# A finding about the catalogue itself (budget, quota, agreement terms): no resource, a source field.
catalogue_finding(meta, message, source) := object.union(base(meta, message), {
	"resource": null,
	"construct_path": null,
	"source": source,
})

customer_source(path) := {"kind": "customer", "id": input.customer, "path": path}

service_source(service, path) := {"kind": "service", "id": service, "path": path}
