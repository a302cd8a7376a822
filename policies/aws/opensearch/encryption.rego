package csm.aws.opensearch.encryption

import rego.v1

import data.csm.lib

domain_types := {"aws_opensearch_domain", "aws_elasticsearch_domain"}

setting(r) := [object.get(b, "enabled", null) | some b in lib.blocks(object.get(r.values, "encrypt_at_rest", null))]

encrypted(r) if {
	some v in setting(r)
	lib.enabled(v)
}

derived(r) if {
	some v in setting(r)
	lib.unknown(v)
	not lib.left_to_provider(r, v)
}

# METADATA
# title: OpenSearch domains are encrypted at rest
# description: "aws_opensearch_domain and aws_elasticsearch_domain set encrypt_at_rest { enabled = true }. Not set is not safe: the API's default is unencrypted."
# custom:
#   id: CSM-AWS-OS-001
#   severity: high
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Add encrypt_at_rest { enabled = true } (and kms_key_id for a customer-managed key).
#   aws_fsbp: ["Opensearch.1", "ES.1"]
#   checkov: ["CKV_AWS_5", "CKV_AWS_247"]
#   trivy: ["AVD-AWS-0048"]
deny contains f if {
	some r in lib.live_of_types(domain_types)
	not encrypted(r)
	not derived(r)
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s is not encrypted at rest (encrypt_at_rest: %s)", [r.address, lib.describe(r, object.get(r.values, "encrypt_at_rest", null))]))
}

# METADATA
# title: OpenSearch domains are encrypted at rest (unknown at plan)
# description: encrypt_at_rest.enabled derives from a value known only after apply.
# custom:
#   id: CSM-AWS-OS-001
#   severity: medium
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Write encrypt_at_rest { enabled = true } as a literal.
#   aws_fsbp: ["Opensearch.1", "ES.1"]
#   checkov: ["CKV_AWS_5", "CKV_AWS_247"]
#   trivy: ["AVD-AWS-0048"]
warn contains f if {
	some r in lib.live_of_types(domain_types)
	not encrypted(r)
	derived(r)
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s has encrypt_at_rest known only after apply: csm cannot tell whether it is encrypted", [r.address]))
}
