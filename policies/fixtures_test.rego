# Test fixtures (no tests here): a small catalogue document and a compliant stack, which each test changes in
# one place. Named *_test.rego so the bundle leaves it out and `csm policy test` compiles it in.
package csm.fixtures

import rego.v1

tier(id, availability, rpo) := {"id": id, "availability": availability, "rpoMinutes": rpo, "rtoMinutes": 60, "supportHours": "24x7"}

services := {
	"object-storage": {
		"slaTiers": [tier("standard", 99.9, 1440), tier("premium", 99.99, 60)],
		"capacity": {"pool": "storage", "unit": "TiB", "poolSize": 100, "perCustomerQuota": 10},
	},
	"managed-postgres": {
		"slaTiers": [tier("standard", 99.9, 1440), tier("premium", 99.95, 5)],
		"capacity": {"pool": "db", "unit": "vCPU", "poolSize": 40, "perCustomerQuota": 16},
	},
}

agreement := {
	"id": "t-2026",
	"slaTiers": {"managed-postgres": "premium", "object-storage": "standard"},
	"dataResidency": ["eu-central-1", "eu-west-1"],
	"budgetCap": 1000,
	"termination": {"noticeDays": 30, "exit": {"dataExport": "customer-bucket", "retentionDays": 30}},
}

customer := {
	"id": "t",
	"agreement": agreement,
	"subscriptions": [
		{"service": "managed-postgres", "option": "small", "quantity": 1, "region": "eu-central-1"},
		{"service": "object-storage", "option": "one", "quantity": 2, "region": "eu-central-1"},
	],
}

ledger := {
	"pools": {
		"storage": {"unit": "TiB", "size": 100, "warn_at_percent": 80, "used": 2, "services": ["object-storage"], "by_customer": {"t": 2}},
		"db": {"unit": "vCPU", "size": 40, "warn_at_percent": 80, "used": 2, "services": ["managed-postgres"], "by_customer": {"t": 2}},
	},
	"customers": {"t": {"monthly_cost": 500, "currency": "EUR", "by_service": {
		"managed-postgres": {"units": 2, "cost": 440, "quota": 16},
		"object-storage": {"units": 2, "cost": 60, "quota": 10},
	}}},
}

# Tests replace data.csm.services, .customers and .ledger one by one: `with data.csm as ...` would also hide
# the policy packages under data.csm.
customers := {"t": customer}

# The customers document with the agreement changed (a deep merge of `change`).
customers_with(change) := {"t": object.union(customer, {"agreement": change})}

# The customers document with agreement.slaTiers replaced by `tiers` (a merge could only add tiers).
customers_with_tiers(tiers) := {"t": object.union(object.remove(customer, ["agreement"]), {"agreement": object.union(object.remove(agreement, ["slaTiers"]), {"slaTiers": tiers})})}

ledger_with(change) := object.union(ledger, change)

# --- resources --------------------------------------------------------------------------------------------

key := "${aws_kms_key.k.arn}"

res(type, name, values) := {
	"address": sprintf("%s.%s", [type, name]), "type": type, "name": name,
	"construct_path": sprintf("onboard-t/%s", [name]), "region": "eu-central-1", "action": "create",
	"values": values, "before": null, "tags": {}, "customer": "t", "service": null, "scenario": "S08", "clauses": [],
}

bucket_ref := "${aws_s3_bucket.data.id}"

tls_document := json.marshal({"Version": "2012-10-17", "Statement": [{
	"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": ["s3:*"],
	"Resource": ["${aws_s3_bucket.data.arn}"], "Condition": {"Bool": {"aws:SecureTransport": "false"}},
}]})

bucket := object.union(res("aws_s3_bucket", "data", {"bucket": "t-data", "force_destroy": false}), {"service": "object-storage"})

bucket_companions := [
	res("aws_s3_bucket_server_side_encryption_configuration", "data_sse", {"bucket": bucket_ref, "rule": [{"apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms", "kms_master_key_id": key}}]}),
	res("aws_s3_bucket_public_access_block", "data_pab", {"bucket": bucket_ref, "block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true}),
	res("aws_s3_bucket_policy", "data_tls", {"bucket": bucket_ref, "policy": tls_document}),
	res("aws_s3_bucket_logging", "data_log", {"bucket": bucket_ref, "target_bucket": "${aws_s3_bucket.logs.id}", "target_prefix": "s3/"}),
]

db_values := {
	"engine": "postgres", "storage_encrypted": true, "kms_key_id": key, "publicly_accessible": false,
	"multi_az": true, "backup_retention_period": 7, "deletion_protection": true, "skip_final_snapshot": false,
	"enabled_cloudwatch_logs_exports": ["postgresql"], "parameter_group_name": "${aws_db_parameter_group.pg.name}",
}

db := object.union(res("aws_db_instance", "db", db_values), {"service": "managed-postgres"})

parameter_group := res("aws_db_parameter_group", "pg", {"name": "t-pg", "parameter": [{"name": "rds.force_ssl", "value": "1"}]})

least_privilege := json.marshal({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}]})

others := [
	parameter_group,
	res("aws_vpc", "vpc", {"cidr_block": "10.0.0.0/16"}),
	res("aws_flow_log", "flow", {"vpc_id": "${aws_vpc.vpc.id}", "traffic_type": "ALL"}),
	res("aws_cloudwatch_log_group", "logs", {"name": "/t", "kms_key_id": key}),
	res("aws_ecr_repository", "registry", {"name": "t", "encryption_configuration": [{"encryption_type": "KMS", "kms_key": key}], "force_delete": false}),
	res("aws_sns_topic", "alerts", {"name": "t", "kms_master_key_id": key}),
	res("aws_iam_role_policy", "role_policy", {"name": "p", "policy": least_privilege}),
]

good := array.concat(array.concat([bucket, db], bucket_companions), others)

# `resources` with the resource at `address` replaced by `r`.
replaced(resources, address, r) := [x | some y in resources; x := pick(y, address, r)]

pick(y, address, r) := r if y.address == address

pick(y, address, _) := y if y.address != address

without(resources, address) := [r | some r in resources; r.address != address]

# `good` with one resource's values deep-merged with `change`.
changed(address, change) := [x | some y in good; x := merge_if(y, address, change)]

merge_if(y, address, change) := object.union(y, {"values": change}) if y.address == address

merge_if(y, address, _) := y if y.address != address

stack_input(resources) := {
	"gate": "synth", "operation": "onboard", "scenario": "S08", "stack": "onboard-t", "customer": "t",
	"service": null, "now": "2026-11-25T17:00:00Z", "resources": resources, "removals": [], "lifecycle": {},
}

input_for(operation, resources) := object.union(stack_input(resources), {"operation": operation})

ids(findings) := {f.id | some f in findings}

# The findings of one rule id.
of(findings, id) := [f | some f in findings; f.id == id]
