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
# A list, not a set: resources are large objects, and a set would compare them whole to keep them apart.
live := [r | some r in input.resources; r.action != "delete"]

# The live resources by type, indexed in one pass per evaluation (positions in input.resources, so the index
# holds numbers, not whole resources): rules ask for a type many times (every bucket asks for its companions),
# and a scan of the whole plan each time grows with the square of its size.
live_index[r.type] contains i if {
	some i, r in input.resources
	r.action != "delete"
}

live_of_type(t) := [input.resources[i] | some i in live_index[t]]

# The live resources of any of the types `ts`.
live_of_types(ts) := [r | some t in ts; some r in live_of_type(t)]

# --- reading values (src/view/plan-values.ts) ---------------------------------------------------------

# A value known only after apply is the unknown marker: a string of Terraform interpolations naming what it
# derives from (`${aws_kms_key.k.arn}`; at the synth gate, the configuration's own `${...}`). A known string's
# own `${` reads `$${`, so a known value never passes for an unknown one. Rules test this, never absence: an
# unknown value is not null, false or zero.
unknown(v) if {
	is_string(v)
	contains(replace(v, "$${", ""), "${")
}

# Unknown because the configuration leaves it to the provider: the marker is the resource's own attribute, as
# Terraform's `self` names it (`${self.encrypted}`). AWS's default applies, as if the attribute were not written.
# (`r` is the resource the value belongs to; the marker names no other.)
left_to_provider(_, v) if {
	is_string(v)
	startswith(v, "${self.")
}

left_to_provider(_, v) if {
	is_string(v)
	startswith(v, "${self[")
}

# The configuration does not set the value: absent, null, empty (how a provider reads an unset string back from
# existing state), or left to the provider. `v` is read with object.get(..., null) so an absent attribute arrives
# as null.
not_set(r, v) if v == null

not_set(r, v) if v == ""

not_set(r, v) if left_to_provider(r, v)

# A value for a message: unknown ones say so instead of printing as null or zero.
show(v) := sprintf("known only after apply (%s)", [v]) if unknown(v)
else := sprintf("%v", [v])

# An attribute of `r` for a message: one the configuration does not set says so.
describe(r, v) := "not set" if not_set(r, v)
else := show(v)

# true, or "true" where the provider types a switch as a string (launch templates, ElastiCache).
enabled(v) if v in {true, "true"}

# --- joining companion resources -------------------------------------------------------------------------

# Attributes that identify a resource when another one names it (a bucket's id or name, a key's ARN).
identifying_attributes := ["id", "arn", "name", "bucket", "key_id"]

# `v`, a companion's attribute (a public access block's `bucket`, a flow log's `vpc_id`), names resource `r`:
# by a value both know (a literal bucket name, an id in the existing state), or, where the value is known only
# after apply, by the reference it derives from, followed through modules by the view.
joins(v, r) if {
	is_string(v)
	some a in identifying_attributes
	v == r.values[a]
}

joins(v, r) if {
	unknown(v)
	contains(v, sprintf("${%s}", [r.address]))
}

joins(v, r) if {
	unknown(v)
	some a in identifying_attributes
	contains(v, sprintf("${%s.%s}", [r.address, a]))
}

# A value derived from a module's local value (a plan does not record locals: the view leaves the marker
# `${module.m.local.vpc_id}`) names the one live resource of the type asked for in that module instance: what a
# module's local almost always stands for (terraform-aws-modules/vpc writes `vpc_id = local.vpc_id`). Where the
# module instance has two or more, the local names none of them and the rules say they cannot tell.
joins(v, r) if {
	unknown(v)
	some name in names(v)
	local_module(name) == module_of(r)
	sole_of_type_in_module(r)
}

local_module(name) := "" if startswith(name, "local.")

local_module(name) := substring(name, 0, i) if {
	startswith(name, "module.")
	i := indexof(name, ".local.")
	i > 0
}

module_of(r) := m if {
	m := object.get(r, "module", null)
	is_string(m)
} else := ""

sole_of_type_in_module(r) if count([x | some x in live_of_type(r.type); module_of(x) == module_of(r)]) == 1

# The attributes by which companions most often name the resource they configure: lib.companions answers these
# from an index built once per evaluation, any other attribute by a scan.
join_attributes := {"bucket", "vpc_id"}

# What a value names: a known value itself, or each reference an unknown value derives from
# (`${aws_s3_bucket.b.id}` names `aws_s3_bucket.b.id`).
names(v) := {v} if {
	is_string(v)
	not unknown(v)
}

names(v) := {split(part, "}")[0] | some i, part in split(v, "${"); i > 0} if unknown(v)

# How other resources may name `r`: its address (a whole-instance reference), `<address>.<attribute>` for each
# identifying attribute, and the known values of those attributes.
identities(r) := ({r.address} | {sprintf("%s.%s", [r.address, a]) | some a in identifying_attributes}) | {v |
	some a in identifying_attributes
	v := r.values[a]
	is_string(v)
	not unknown(v)
}

# Every live companion by [type, attribute, name it gives], built once per evaluation.
named_by[[c.type, attribute, name]] contains c.address if {
	some c in live
	some attribute in join_attributes
	some name in names(object.get(c.values, attribute, null))
}

live_by_address := {r.address: r | some r in live}

# Every live companion whose attribute derives from a module's local value, by [type, attribute, module].
named_by_local[[c.type, attribute, m]] contains c.address if {
	some c in live
	some attribute in join_attributes
	v := object.get(c.values, attribute, null)
	unknown(v)
	some name in names(v)
	m := local_module(name)
}

# The live companions of type `t` whose attribute `attribute` names `r` (lib.joins, looked up in an index).
companions(r, t, attribute) := [live_by_address[a] | some a in ({a |
	some name in identities(r)
	some a in named_by[[t, attribute, name]]
} | through_local(r, t, attribute))] if attribute in join_attributes

through_local(r, t, attribute) := {a |
	sole_of_type_in_module(r)
	some a in named_by_local[[t, attribute, module_of(r)]]
}

companions(r, t, attribute) := [c |
	some c in live_of_type(t)
	joins(object.get(c.values, attribute, null), r)
] if not attribute in join_attributes

# Kept for policies written against the earlier view: `v` is, or starts with, the reference to `address`.
refers_to(v, address) if v == sprintf("${%s}", [address])

refers_to(v, address) if {
	is_string(v)
	startswith(v, sprintf("${%s.", [address]))
}

# The tenant's own customer-managed key: a reference to an aws_kms_key of the stack, or the known ARN or id of
# one (a change against existing state); never an AWS-managed default key or a literal ARN of someone else's.
tenant_key(v) if {
	is_string(v)
	startswith(v, "${aws_kms_key.")
}

tenant_key(v) if {
	not unknown(v)
	some k in live_of_type("aws_kms_key")
	joins(v, k)
}

# --- whose rules ------------------------------------------------------------------------------------------

# csm's own resources get the house rules (tenant key, csm's tags, agreement terms): every resource of a stack
# csm synthesized (any operation but `plan`) and, in a plan made elsewhere (`plan`), the resources csm tagged.
# Every other resource gets the generic AWS pack (policies/aws/) only. Where a house rule and a generic check
# judge the same problem, the house rule is at least as strict and owns it on csm's resources; the check
# steps aside there (`not lib.own(r)`), so one problem gives one finding.
# An input that names no operation is csm's own (fail closed: the house rules still apply to it).
own(r) if not elsewhere

own(r) if r.tags["csm:managed-by"] == "csm"

elsewhere if input.operation == "plan"

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
