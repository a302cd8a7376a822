# Information security (6.6) of what a stack builds: encryption at rest with the tenant's own key, nothing
# public, TLS in transit, least-privilege IAM, logging, and data stores protected from deletion.
package csm.security

import rego.v1

import data.csm.lib
import data.csm.lib.iam

# Information security of csm's own resources (lib.own); the generic AWS pack (policies/aws/) judges every
# other resource, and steps aside where a rule here owns the problem.

# A companion resource (encryption, public access block, policy, logging) configures the bucket it names by
# reference or by a value both know (lib.joins).
configures(c, bucket) if lib.joins(object.get(c.values, "bucket", null), bucket)

as_list(v) := v if is_array(v)

as_list(v) := [v] if not is_array(v)

# --- encryption at rest -------------------------------------------------------------------------------

sse_keys(bucket) := [sprintf("%v/%v", [object.get(d, "sse_algorithm", null), object.get(d, "kms_master_key_id", null)]) |
	some c in lib.live_of_type("aws_s3_bucket_server_side_encryption_configuration")
	configures(c, bucket)
	some rule in lib.blocks(c.values.rule)
	some d in lib.blocks(rule.apply_server_side_encryption_by_default)
]

sse_with_tenant_key(bucket) if {
	some c in lib.live_of_type("aws_s3_bucket_server_side_encryption_configuration")
	configures(c, bucket)
	some rule in lib.blocks(c.values.rule)
	some d in lib.blocks(rule.apply_server_side_encryption_by_default)
	d.sse_algorithm in {"aws:kms", "aws:kms:dsse"}
	lib.tenant_key(d.kms_master_key_id)
}

# METADATA
# title: Buckets are encrypted with the tenant's KMS key
# description: Every aws_s3_bucket has a server-side encryption configuration with sse_algorithm aws:kms and a kms_master_key_id that references the tenant's aws_kms_key, so the customer's key governs access to the data.
# custom:
#   id: CSM-SEC-001
#   severity: high
#   clauses: ["6.6"]
#   scenario: S08
#   statements: [protect-customer-data]
#   remediation: Use the SecureBucket construct, or add aws_s3_bucket_server_side_encryption_configuration with aws:kms and the tenant key's ARN.
deny contains f if {
	some bucket in lib.live_of_type("aws_s3_bucket")
	lib.own(bucket)
	not sse_with_tenant_key(bucket)
	found := concat(", ", sse_keys(bucket))
	msg := sprintf("%s is not encrypted with the tenant's KMS key (server-side encryption found: %s)", [bucket.address, found])
	f := lib.resource_finding(rego.metadata.rule(), bucket, msg)
}

# How each other kind of store says "encrypted with this key"; a type listed here must satisfy its clause.
encrypted_with_tenant_key(r) if {
	r.type in {"aws_db_instance", "aws_rds_cluster"}
	r.values.storage_encrypted == true
	lib.tenant_key(r.values.kms_key_id)
}

encrypted_with_tenant_key(r) if {
	r.type in {"aws_cloudwatch_log_group", "aws_efs_file_system"}
	object.get(r.values, "encrypted", true) == true
	lib.tenant_key(r.values.kms_key_id)
}

encrypted_with_tenant_key(r) if {
	r.type == "aws_ecr_repository"
	some e in lib.blocks(r.values.encryption_configuration)
	e.encryption_type == "KMS"
	lib.tenant_key(e.kms_key)
}

encrypted_with_tenant_key(r) if {
	r.type in {"aws_sns_topic", "aws_sqs_queue"}
	lib.tenant_key(r.values.kms_master_key_id)
}

encrypted_with_tenant_key(r) if {
	r.type == "aws_dynamodb_table"
	some s in lib.blocks(r.values.server_side_encryption)
	s.enabled == true
	lib.tenant_key(s.kms_key_arn)
}

# The attributes that say how each type is encrypted, quoted in the finding.
key_attributes := {
	"aws_db_instance": ["storage_encrypted", "kms_key_id"],
	"aws_rds_cluster": ["storage_encrypted", "kms_key_id"],
	"aws_cloudwatch_log_group": ["kms_key_id"],
	"aws_efs_file_system": ["encrypted", "kms_key_id"],
	"aws_ecr_repository": ["encryption_configuration"],
	"aws_sns_topic": ["kms_master_key_id"],
	"aws_sqs_queue": ["kms_master_key_id"],
	"aws_dynamodb_table": ["server_side_encryption"],
}

# METADATA
# title: Databases, logs, registries and topics are encrypted with the tenant's KMS key
# description: aws_db_instance (storage_encrypted and kms_key_id), aws_cloudwatch_log_group (kms_key_id), aws_ecr_repository (KMS encryption_configuration), aws_sns_topic (kms_master_key_id) and the other stores listed in the policy reference the tenant's aws_kms_key.
# custom:
#   id: CSM-SEC-002
#   severity: high
#   clauses: ["6.6"]
#   scenario: S08
#   statements: [protect-customer-data]
#   remediation: Pass the tenant key's ARN (RegionalFoundation key) to the resource's KMS attribute and turn encryption on.
deny contains f if {
	some t, attributes in key_attributes
	some r in lib.live_of_type(t)
	lib.own(r)
	not encrypted_with_tenant_key(r)
	found := concat(", ", [sprintf("%s = %s", [a, lib.show(object.get(r.values, a, null))]) | some a in attributes])
	msg := sprintf("%s (%s) is not encrypted at rest with the tenant's KMS key (%s)", [r.address, r.type, found])
	f := lib.resource_finding(rego.metadata.rule(), r, msg)
}

# --- nothing public --------------------------------------------------------------------------------------

public_access_flags := ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]

flag_on(bucket, flag) if {
	some c in lib.live_of_type("aws_s3_bucket_public_access_block")
	configures(c, bucket)
	c.values[flag] == true
}

# METADATA
# title: No bucket can be made public
# description: Every aws_s3_bucket has an aws_s3_bucket_public_access_block with all four settings true.
# custom:
#   id: CSM-SEC-003
#   severity: high
#   clauses: ["6.6"]
#   scenario: S08
#   statements: [protect-customer-data]
#   remediation: Add aws_s3_bucket_public_access_block for the bucket with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets all true.
deny contains f if {
	some bucket in lib.live_of_type("aws_s3_bucket")
	lib.own(bucket)
	off := [flag | some flag in public_access_flags; not flag_on(bucket, flag)]
	count(off) > 0
	msg := sprintf("%s does not block public access: %s not true", [bucket.address, concat(", ", off)])
	f := lib.resource_finding(rego.metadata.rule(), bucket, msg)
}

# METADATA
# title: No database is publicly accessible
# description: publicly_accessible is not true on aws_db_instance or aws_rds_cluster_instance.
# custom:
#   id: CSM-SEC-004
#   severity: high
#   clauses: ["6.6"]
#   scenario: S08
#   statements: [protect-customer-data]
#   remediation: Set publicly_accessible = false; reach the database from the tenant network.
deny contains f if {
	some r in lib.live_of_types({"aws_db_instance", "aws_rds_cluster_instance"})
	lib.own(r)
	object.get(r.values, "publicly_accessible", false) == true
	msg := sprintf("%s is publicly accessible", [r.address])
	f := lib.resource_finding(rego.metadata.rule(), r, msg)
}

# --- TLS in transit --------------------------------------------------------------------------------------

insecure_transport(v) if v == "false"

insecure_transport(v) if v == false

insecure_transport(v) if {
	is_array(v)
	some x in v
	x in {"false", false}
}

denies_insecure_transport(policy) if {
	doc := json.unmarshal(policy)
	some st in lib.blocks(doc.Statement)
	st.Effect == "Deny"
	insecure_transport(st.Condition.Bool["aws:SecureTransport"])
}

tls_only(bucket) if {
	some c in lib.live_of_type("aws_s3_bucket_policy")
	configures(c, bucket)
	is_string(c.values.policy)
	json.is_valid(c.values.policy)
	denies_insecure_transport(c.values.policy)
}

# At the plan gate a policy that interpolates the bucket's ARN is known only after apply (the view shows the
# unknown marker instead of JSON); its content was checked at the synth gate, so its presence is what counts.
tls_only(bucket) if {
	some c in lib.live_of_type("aws_s3_bucket_policy")
	configures(c, bucket)
	not json.is_valid(c.values.policy)
	lib.unknown(c.values.policy)
}

# METADATA
# title: Buckets accept TLS connections only
# description: Every aws_s3_bucket has a bucket policy with a Deny statement conditioned on aws:SecureTransport = false.
# custom:
#   id: CSM-SEC-005
#   severity: high
#   clauses: ["6.6"]
#   scenario: S08
#   statements: [protect-customer-data]
#   remediation: Attach a bucket policy denying s3:* when aws:SecureTransport is false (SecureBucket's tls-only policy).
deny contains f if {
	some bucket in lib.live_of_type("aws_s3_bucket")
	lib.own(bucket)
	not tls_only(bucket)
	msg := sprintf("%s has no bucket policy denying requests without TLS (aws:SecureTransport = false)", [bucket.address])
	f := lib.resource_finding(rego.metadata.rule(), bucket, msg)
}

# The parameter that makes each engine refuse unencrypted connections.
tls_parameter(engine) := {"name": "rds.force_ssl", "value": "1"} if startswith(engine, "postgres")

tls_parameter(engine) := {"name": "require_secure_transport", "value": "1"} if engine in {"mysql", "mariadb"}

# The instance names its group by reference at synth and by the group's (constant) name at plan.
uses_group(db, pg) if lib.joins(object.get(db.values, "parameter_group_name", null), pg)

forces_tls(db) if {
	want := tls_parameter(db.values.engine)
	some pg in lib.live_of_type("aws_db_parameter_group")
	uses_group(db, pg)
	some p in lib.blocks(pg.values.parameter)
	p.name == want.name
	lower(sprintf("%v", [p.value])) in {want.value, "on", "true"}
}

# METADATA
# title: Databases accept TLS connections only
# description: An aws_db_instance of a PostgreSQL (or MySQL/MariaDB) engine uses a parameter group that sets rds.force_ssl = 1 (require_secure_transport = 1).
# custom:
#   id: CSM-SEC-006
#   severity: high
#   clauses: ["6.6"]
#   scenario: S08
#   statements: [protect-customer-data]
#   remediation: Give the instance an aws_db_parameter_group with rds.force_ssl = 1 (ManagedPostgres does).
deny contains f if {
	some db in lib.live_of_type("aws_db_instance")
	lib.own(db)
	tls_parameter(db.values.engine)
	not forces_tls(db)
	want := tls_parameter(db.values.engine)
	msg := sprintf("%s (%s) does not force TLS: its parameter group %v does not set %s = %s", [db.address, db.values.engine, object.get(db.values, "parameter_group_name", null), want.name, want.value])
	f := lib.resource_finding(rego.metadata.rule(), db, msg)
}

# --- least privilege -------------------------------------------------------------------------------------

# Identity policies however written (csm.lib.iam): jsonencode, heredoc, policy documents, inline policies of a
# role. At the plan gate a document interpolating another resource's ARN may be known only after apply; the
# synth gate has read it.

# The statements of `r`'s identity policies that allow a whole-service wildcard on every resource.
service_wildcards(r) := [{"action": a, "statement": st} |
	some d in iam.identity_documents(r)
	some st in iam.statements(d.value)
	iam.allows(st)
	"*" in st.resources
	some a in st.actions
	is_string(a)
	endswith(a, ":*")
	a != "*:*"
]

# METADATA
# title: No IAM policy allows every action on every resource
# description: No Allow statement of an aws_iam_role_policy, aws_iam_policy, aws_iam_user_policy, aws_iam_group_policy or an aws_iam_role inline policy has Action "*" (or "*:*") on Resource "*", however the document is written.
# custom:
#   id: CSM-SEC-007
#   severity: high
#   clauses: ["6.6"]
#   scenario: S08
#   statements: [protect-customer-data]
#   remediation: List the actions the role needs (constructs/access-levels.ts) and scope Resource to the tenant's resources.
deny contains f if {
	some r in lib.live_of_types(iam.identity_types)
	lib.own(r)
	some found in iam.admin_statements(r)
	action := [a | some a in found.statement.actions; a in {"*", "*:*"}][0]
	msg := sprintf("%s allows action %q on resource \"*\" (%s)", [r.address, action, iam.describe(found.statement)])
	f := lib.resource_finding(rego.metadata.rule(), r, msg)
}

# METADATA
# title: IAM policies avoid whole-service wildcards on every resource
# description: An Allow statement with a whole-service action such as "s3:*" on Resource "*" grants far more than a task needs; it is a warning, since some services have no resource-level permissions.
# custom:
#   id: CSM-SEC-008
#   severity: medium
#   clauses: ["6.6"]
#   scenario: S08
#   statements: [protect-customer-data]
#   remediation: Replace the service wildcard with the actions needed, or scope Resource.
warn contains f if {
	some r in lib.live_of_types(iam.identity_types)
	lib.own(r)
	some found in service_wildcards(r)
	msg := sprintf("%s allows every %s action on resource \"*\" (%s)", [r.address, trim_suffix(found.action, ":*"), iam.describe(found.statement)])
	f := lib.resource_finding(rego.metadata.rule(), r, msg)
}

# --- logging ---------------------------------------------------------------------------------------------

access_logged(bucket) if {
	some l in lib.live_of_type("aws_s3_bucket_logging")
	configures(l, bucket)
}

# METADATA
# title: Data buckets log access
# description: Every data bucket (an aws_s3_bucket of a subscribed service, tagged csm:service) has an aws_s3_bucket_logging, so access to customer data leaves an audit trail. The region's access-log bucket is provider infrastructure and does not log into itself.
# custom:
#   id: CSM-SEC-009
#   severity: medium
#   clauses: ["6.6", "9.1"]
#   scenario: S08
#   statements: [protect-customer-data]
#   remediation: Add aws_s3_bucket_logging to the region's log bucket (SecureBucket accessLogBucket).
deny contains f if {
	some bucket in lib.live_of_type("aws_s3_bucket")
	lib.own(bucket)
	is_string(bucket.service)
	not access_logged(bucket)
	msg := sprintf("%s holds %s data but does not log access (no aws_s3_bucket_logging for it)", [bucket.address, bucket.service])
	f := lib.resource_finding(rego.metadata.rule(), bucket, msg)
}

flow_logged(vpc) if count(lib.companions(vpc, "aws_flow_log", "vpc_id")) > 0

# METADATA
# title: VPCs record flow logs
# description: Every aws_vpc has an aws_flow_log whose vpc_id references it.
# custom:
#   id: CSM-SEC-010
#   severity: medium
#   clauses: ["6.6", "9.1"]
#   scenario: S08
#   statements: [protect-customer-data]
#   remediation: Add an aws_flow_log for the VPC (TenantNetwork does).
deny contains f if {
	some vpc in lib.live_of_type("aws_vpc")
	lib.own(vpc)
	not flow_logged(vpc)
	msg := sprintf("%s records no flow logs (no aws_flow_log refers to it)", [vpc.address])
	f := lib.resource_finding(rego.metadata.rule(), vpc, msg)
}

required_log_export(engine) := "postgresql" if startswith(engine, "postgres")

required_log_export(engine) := "error" if engine in {"mysql", "mariadb"}

# METADATA
# title: Databases export their logs
# description: An aws_db_instance exports its engine log to CloudWatch (enabled_cloudwatch_logs_exports includes postgresql for PostgreSQL, error for MySQL/MariaDB).
# custom:
#   id: CSM-SEC-011
#   severity: medium
#   clauses: ["6.6", "8.1"]
#   scenario: S08
#   statements: [protect-customer-data]
#   remediation: Add the engine's log to enabled_cloudwatch_logs_exports.
deny contains f if {
	some db in lib.live_of_type("aws_db_instance")
	lib.own(db)
	want := required_log_export(db.values.engine)
	exports := object.get(db.values, "enabled_cloudwatch_logs_exports", [])
	not want in as_list(exports)
	msg := sprintf("%s does not export its %s log (enabled_cloudwatch_logs_exports: %v)", [db.address, want, exports])
	f := lib.resource_finding(rego.metadata.rule(), db, msg)
}

# --- deletion protection ----------------------------------------------------------------------------------

# METADATA
# title: Data stores are protected from deletion
# description: deletion_protection is true on aws_db_instance and aws_rds_cluster (deletion_protection_enabled on aws_dynamodb_table), except in a terminate, whose unprotect step lifts it when CSM-OPS-015 allows.
# custom:
#   id: CSM-SEC-012
#   severity: high
#   clauses: ["6.6", "6.3", "9.2"]
#   scenario: S08
#   statements: [protect-customer-data, continuity]
#   remediation: Set deletion_protection = true (ManagedPostgres deletionProtection).
deny contains f if {
	not lib.terminating
	some t, attribute in lib.protection_attribute
	some r in lib.live_of_type(t)
	lib.own(r)
	object.get(r.values, attribute, false) != true
	msg := sprintf("%s has %s = %v", [r.address, attribute, object.get(r.values, attribute, null)])
	f := lib.resource_finding(rego.metadata.rule(), r, msg)
}
