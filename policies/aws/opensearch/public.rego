package csm.aws.opensearch.public

import rego.v1

import data.csm.lib

in_vpc(r) if {
	some v in lib.blocks(object.get(r.values, "vpc_options", null))
	count(object.get(v, "subnet_ids", [])) > 0
}

in_vpc(r) if {
	some v in lib.blocks(object.get(r.values, "vpc_options", null))
	lib.unknown(object.get(v, "subnet_ids", null))
}

# METADATA
# title: OpenSearch domains are not reachable from the internet
# description: aws_opensearch_domain and aws_elasticsearch_domain sit in a VPC (vpc_options with subnets); without it the domain has a public endpoint and only its access policy stands between the data and the internet.
# custom:
#   id: CSM-AWS-OS-002
#   severity: high
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Add vpc_options { subnet_ids = [...], security_group_ids = [...] } (a domain moves into a VPC only by being recreated).
#   aws_fsbp: ["Opensearch.2", "ES.2"]
#   checkov: ["CKV_AWS_137"]
#   trivy: []
deny contains f if {
	some r in lib.live_of_types({"aws_opensearch_domain", "aws_elasticsearch_domain"})
	not in_vpc(r)
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s has a public endpoint (no vpc_options)", [r.address]))
}
