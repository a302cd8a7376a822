package csm.security_test

import rego.v1

import data.csm.fixtures as fx
import data.csm.security

# Security rules read only the input: no catalogue mocks needed.
deny_of(resources) := found if {
	found := security.deny with input as fx.stack_input(resources)
}

warn_of(resources) := found if {
	found := security.warn with input as fx.stack_input(resources)
}

one(resources, id) := f if [f] := fx.of(deny_of(resources), id)

test_compliant_stack_has_no_security_findings if {
	count(deny_of(fx.good)) == 0
	count(warn_of(fx.good)) == 0
}

# CSM-SEC-001
test_sec_001_dsse_with_tenant_key_passes if {
	sse := "aws_s3_bucket_server_side_encryption_configuration.data_sse"
	resources := fx.changed(sse, {"rule": [{"apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms:dsse", "kms_master_key_id": fx.key}}]})
	not "CSM-SEC-001" in fx.ids(deny_of(resources))
}

test_sec_001_aes256_denied if {
	sse := "aws_s3_bucket_server_side_encryption_configuration.data_sse"
	resources := fx.changed(sse, {"rule": [{"apply_server_side_encryption_by_default": {"sse_algorithm": "AES256", "kms_master_key_id": null}}]})
	f := one(resources, "CSM-SEC-001")
	f.resource == "aws_s3_bucket.data"
	contains(f.message, "AES256")
}

test_sec_001_plan_shape_blocks_pass if {
	# At the plan gate nested blocks are one-element arrays.
	sse := "aws_s3_bucket_server_side_encryption_configuration.data_sse"
	resources := fx.changed(sse, {"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms", "kms_master_key_id": fx.key}]}]})
	not "CSM-SEC-001" in fx.ids(deny_of(resources))
}

test_sec_001_missing_configuration_denied if {
	resources := fx.without(fx.good, "aws_s3_bucket_server_side_encryption_configuration.data_sse")
	f := one(resources, "CSM-SEC-001")
	contains(f.message, "found: )")
}

# CSM-SEC-002
test_sec_002_other_stores_with_key_pass if {
	not "CSM-SEC-002" in fx.ids(deny_of(fx.good))
}

test_sec_002_unencrypted_database_denied if {
	f := one(fx.changed("aws_db_instance.db", {"storage_encrypted": false}), "CSM-SEC-002")
	f.resource == "aws_db_instance.db"
}

test_sec_002_literal_key_on_topic_denied if {
	resources := fx.changed("aws_sns_topic.alerts", {"kms_master_key_id": "alias/aws/sns"})
	f := one(resources, "CSM-SEC-002")
	f.resource == "aws_sns_topic.alerts"
	contains(f.message, "(kms_master_key_id = alias/aws/sns)")
}

test_sec_002_registry_with_aes_denied if {
	resources := fx.changed("aws_ecr_repository.registry", {"encryption_configuration": [{"encryption_type": "AES256"}]})
	one(resources, "CSM-SEC-002").resource == "aws_ecr_repository.registry"
}

test_sec_002_log_group_without_key_denied if {
	resources := fx.changed("aws_cloudwatch_log_group.logs", {"kms_key_id": null})
	one(resources, "CSM-SEC-002").resource == "aws_cloudwatch_log_group.logs"
}

# CSM-SEC-003
test_sec_003_all_four_blocks_pass if {
	not "CSM-SEC-003" in fx.ids(deny_of(fx.good))
}

test_sec_003_one_flag_off_denied if {
	resources := fx.changed("aws_s3_bucket_public_access_block.data_pab", {"restrict_public_buckets": false})
	f := one(resources, "CSM-SEC-003")
	contains(f.message, "restrict_public_buckets not true")
	not contains(f.message, "block_public_acls")
}

test_sec_003_no_block_denied if {
	f := one(fx.without(fx.good, "aws_s3_bucket_public_access_block.data_pab"), "CSM-SEC-003")
	contains(f.message, "block_public_acls, block_public_policy, ignore_public_acls, restrict_public_buckets")
}

# CSM-SEC-004
test_sec_004_private_database_passes if {
	not "CSM-SEC-004" in fx.ids(deny_of(fx.good))
}

test_sec_004_public_database_denied if {
	f := one(fx.changed("aws_db_instance.db", {"publicly_accessible": true}), "CSM-SEC-004")
	f.clauses == ["6.6"]
	f.severity == "high"
}

# CSM-SEC-005
test_sec_005_plan_gate_reference_passes if {
	resources := fx.changed("aws_s3_bucket_policy.data_tls", {"policy": "${aws_s3_bucket.data.arn}"})
	not "CSM-SEC-005" in fx.ids(deny_of(resources))
}

test_sec_005_policy_without_tls_condition_denied if {
	doc := json.marshal({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:DeleteBucket", "Resource": "*"}]})
	f := one(fx.changed("aws_s3_bucket_policy.data_tls", {"policy": doc}), "CSM-SEC-005")
	f.resource == "aws_s3_bucket.data"
}

test_sec_005_no_policy_denied if {
	one(fx.without(fx.good, "aws_s3_bucket_policy.data_tls"), "CSM-SEC-005").resource == "aws_s3_bucket.data"
}

# CSM-SEC-006
test_sec_006_group_named_at_plan_passes if {
	# At the plan gate the group's name is known and replaces the reference.
	resources := fx.changed("aws_db_instance.db", {"parameter_group_name": "t-pg"})
	not "CSM-SEC-006" in fx.ids(deny_of(resources))
}

test_sec_006_force_ssl_off_denied if {
	resources := fx.changed("aws_db_parameter_group.pg", {"parameter": [{"name": "rds.force_ssl", "value": "0"}]})
	f := one(resources, "CSM-SEC-006")
	contains(f.message, "rds.force_ssl = 1")
}

test_sec_006_default_group_denied if {
	resources := fx.changed("aws_db_instance.db", {"parameter_group_name": null})
	one(resources, "CSM-SEC-006").resource == "aws_db_instance.db"
}

# CSM-SEC-007 and CSM-SEC-008
policy_with(statement) := fx.changed("aws_iam_role_policy.role_policy", {"policy": json.marshal({"Statement": [statement]})})

test_sec_007_wildcard_on_scoped_resource_passes if {
	resources := policy_with({"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::t-data"})
	not "CSM-SEC-007" in fx.ids(deny_of(resources))
}

test_sec_007_wildcard_deny_statement_passes if {
	resources := policy_with({"Effect": "Deny", "Action": "*", "Resource": "*"})
	not "CSM-SEC-007" in fx.ids(deny_of(resources))
}

test_sec_007_star_on_star_denied if {
	f := one(policy_with({"Sid": "Admin", "Effect": "Allow", "Action": ["s3:GetObject", "*"], "Resource": ["*"]}), "CSM-SEC-007")
	f.resource == "aws_iam_role_policy.role_policy"
	contains(f.message, "statement Admin")
}

test_sec_007_plan_gate_reference_is_not_read if {
	resources := fx.changed("aws_iam_role_policy.role_policy", {"policy": "${aws_cloudwatch_log_group.logs.arn}"})
	count(deny_of(resources)) == 0
}

test_sec_008_service_wildcard_warns if {
	resources := policy_with({"Effect": "Allow", "Action": "s3:*", "Resource": "*"})
	[w] := fx.of(warn_of(resources), "CSM-SEC-008")
	contains(w.message, "every s3 action")
	not "CSM-SEC-007" in fx.ids(deny_of(resources))
}

test_sec_008_listed_actions_do_not_warn if {
	count(warn_of(fx.good)) == 0
}

# CSM-SEC-009
test_sec_009_log_bucket_itself_passes if {
	logs := fx.res("aws_s3_bucket", "logs", {"bucket": "t-logs"})
	resources := array.concat(fx.good, [logs])
	not "CSM-SEC-009" in fx.ids(deny_of(resources))
}

test_sec_009_data_bucket_without_logging_denied if {
	f := one(fx.without(fx.good, "aws_s3_bucket_logging.data_log"), "CSM-SEC-009")
	contains(f.message, "object-storage data")
}

# CSM-SEC-010
test_sec_010_flow_logged_vpc_passes if {
	not "CSM-SEC-010" in fx.ids(deny_of(fx.good))
}

test_sec_010_vpc_without_flow_log_denied if {
	one(fx.without(fx.good, "aws_flow_log.flow"), "CSM-SEC-010").resource == "aws_vpc.vpc"
}

# CSM-SEC-011
test_sec_011_mysql_error_log_passes if {
	resources := fx.changed("aws_db_instance.db", {"engine": "mysql", "enabled_cloudwatch_logs_exports": ["error", "audit"], "parameter_group_name": null})
	not "CSM-SEC-011" in fx.ids(deny_of(resources))
}

test_sec_011_no_exports_denied if {
	f := one(fx.changed("aws_db_instance.db", {"enabled_cloudwatch_logs_exports": []}), "CSM-SEC-011")
	contains(f.message, "postgresql")
}

# CSM-SEC-012
test_sec_012_protected_passes if {
	not "CSM-SEC-012" in fx.ids(deny_of(fx.good))
}

test_sec_012_unprotected_database_denied if {
	f := one(fx.changed("aws_db_instance.db", {"deletion_protection": false}), "CSM-SEC-012")
	f.clauses == ["6.6", "6.3", "9.2"]
}

test_sec_012_deleted_resources_are_not_judged if {
	gone := object.union(fx.db, {"action": "delete", "values": {"deletion_protection": false, "publicly_accessible": true}})
	count(deny_of(fx.replaced(fx.good, "aws_db_instance.db", gone))) == 0
}
