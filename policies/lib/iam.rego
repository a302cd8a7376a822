# IAM policy documents however a configuration writes them: JSON from jsonencode, a heredoc or a file, the JSON
# of an aws_iam_policy_document read at plan (all known at plan), or, where Terraform reads that document only at
# apply, the statement blocks its deferred read shows. Statements come out in one shape:
#   {"sid", "effect", "actions": [...], "not_actions": [...], "resources": [...],
#    "principals": [{"type": "AWS" | "Service" | "*" | ..., "id": "..."}], "condition": object | list | null}
package csm.lib.iam

import rego.v1

import data.csm.lib

as_list(v) := v if is_array(v)

as_list(v) := [] if v == null

as_list(v) := [v] if {
	not is_array(v)
	v != null
}

# A document's statements; undefined when the plan cannot show them (a document built from values known only
# after apply, other than a policy-document data source).
statements(v) := [normalized(st) | some st in lib.blocks(object.get(json.unmarshal(v), "Statement", []))] if {
	is_string(v)
	json.is_valid(v)
	is_object(json.unmarshal(v))
}

statements(v) := [from_block(b) | some doc in deferred_documents(v); some b in lib.blocks(object.get(doc.values, "statement", []))] if {
	lib.unknown(v)
	not json.is_valid(v)
	count(deferred_documents(v)) > 0
}

# The policy-document data sources an unknown document value is read from (`${data.aws_iam_policy_document.x.json}`).
deferred_documents(v) := [doc |
	some doc in object.get(input, "data_sources", [])
	doc.type == "aws_iam_policy_document"
	some attribute in ["json", "minified_json"]
	contains(v, sprintf("${%s.%s}", [doc.address, attribute]))
]

# A value holds a document the plan cannot show: known only after apply and not readable through a data source.
unreadable(v) if {
	lib.unknown(v)
	not statements(v)
}

principals(p) := [{"type": "*", "id": "*"}] if p == "*"

principals(p) := [{"type": t, "id": id} | some t, ids in p; some id in as_list(ids)] if is_object(p)

principals(p) := [] if {
	p != "*"
	not is_object(p)
}

normalized(st) := {
	"sid": object.get(st, "Sid", null),
	"effect": object.get(st, "Effect", null),
	"actions": as_list(object.get(st, "Action", null)),
	"not_actions": as_list(object.get(st, "NotAction", null)),
	"resources": as_list(object.get(st, "Resource", null)),
	"principals": principals(object.get(st, "Principal", null)),
	"condition": object.get(st, "Condition", null),
}

# A data source statement block: effect defaults to Allow; principals and conditions are blocks.
from_block(b) := {
	"sid": object.get(b, "sid", null),
	"effect": effect_of(object.get(b, "effect", null)),
	"actions": as_list(object.get(b, "actions", null)),
	"not_actions": as_list(object.get(b, "not_actions", null)),
	"resources": as_list(object.get(b, "resources", null)),
	"principals": [{"type": p.type, "id": id} | some p in lib.blocks(object.get(b, "principals", [])); some id in as_list(p.identifiers)],
	"condition": lib.blocks(object.get(b, "condition", [])),
}

effect_of(e) := "Allow" if e == null

effect_of(e) := e if e != null

allows(st) if {
	is_string(st.effect)
	lower(st.effect) == "allow"
}

# Every action of every service: `*` or `*:*`.
every_action(st) if {
	some a in st.actions
	a in {"*", "*:*"}
}

# An Allow of every action on every resource: administrator access, however the document is written.
admin(st) if {
	allows(st)
	every_action(st)
	"*" in st.resources
}

# Any principal at all: `"Principal": "*"`, `{"AWS": "*"}`, or a document's principals block of type "*".
wildcard_principal(st) if {
	some p in st.principals
	p.id == "*"
	p.type in {"*", "AWS"}
}

conditioned(st) if count(st.condition) > 0

# An Allow any principal can use, with no condition narrowing it (a source account, an organization, a VPC endpoint).
public(st) if {
	allows(st)
	wildcard_principal(st)
	not conditioned(st)
}

describe(st) := sprintf("statement %s", [st.sid]) if {
	is_string(st.sid)
	st.sid != ""
} else := "statement without Sid"

identity_types := {"aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_role"}

# Identity policy documents a resource holds, with where they sit: the policy of aws_iam_policy and the role,
# user and group policies, and each inline_policy block of aws_iam_role.
identity_documents(r) := [{"where": "policy", "value": r.values.policy}] if r.type in {"aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"}

identity_documents(r) := [{"where": sprintf("inline_policy %v", [object.get(b, "name", i)]), "value": object.get(b, "policy", null)} |
	some i, b in lib.blocks(object.get(r.values, "inline_policy", []))
] if r.type == "aws_iam_role"

# The statements of `r`'s identity policies that grant every action on every resource.
admin_statements(r) := [{"where": d.where, "statement": st} |
	some d in identity_documents(r)
	some st in statements(d.value)
	admin(st)
]

# Resource policies (who else may use a resource) by type and attribute. Buckets have their own check
# (policies/aws/s3/public_policy.rego); a role's trust policy too (policies/aws/iam/trust_wildcard.rego).
resource_policy_attributes := {
	"aws_sqs_queue": "policy",
	"aws_sqs_queue_policy": "policy",
	"aws_sns_topic": "policy",
	"aws_sns_topic_policy": "policy",
	"aws_kms_key": "policy",
	"aws_ecr_repository_policy": "policy",
	"aws_secretsmanager_secret": "policy",
	"aws_secretsmanager_secret_policy": "policy",
	"aws_efs_file_system_policy": "policy",
	"aws_backup_vault_policy": "policy",
	"aws_glacier_vault": "access_policy",
	"aws_opensearch_domain": "access_policies",
	"aws_opensearch_domain_policy": "access_policies",
	"aws_elasticsearch_domain": "access_policies",
	"aws_elasticsearch_domain_policy": "access_policies",
	"aws_api_gateway_rest_api_policy": "policy",
	"aws_cloudwatch_event_bus_policy": "policy",
}
