package csm.aws.ec2.sg_all_ports

import rego.v1

import data.csm.lib
import data.csm.lib.network

span(rule) := "every protocol and port" if lower(sprintf("%v", [rule.protocol])) in {"-1", "all"}

else := sprintf("every %v port (%v-%v)", [rule.protocol, rule.from, rule.to])

# METADATA
# title: Security groups do not open every port to the world
# description: No ingress rule opens every protocol (-1) or the whole TCP/UDP port range to 0.0.0.0/0 or ::/0.
# custom:
#   id: CSM-AWS-EC2-002
#   severity: high
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Open only the ports the service listens on, to the sources that need them.
#   aws_fsbp: ["EC2.18", "EC2.19"]
#   checkov: ["CKV_AWS_277"]
#   trivy: []
deny contains f if {
	some r in lib.live_of_types(network.rule_types)
	some rule in network.ingress_rules(r)
	not rule.unknown
	network.all_ports(rule)
	world := network.world(rule)
	count(world) > 0
	msg := sprintf("%s (%s) opens %s to %s", [r.address, rule.where, span(rule), concat(" and ", world)])
	f := lib.resource_finding(rego.metadata.rule(), r, msg)
}

# METADATA
# title: Security groups do not open every port to the world (unknown at plan)
# description: A rule open on every port whose sources the plan knows only after apply may open everything to the world.
# custom:
#   id: CSM-AWS-EC2-002
#   severity: medium
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Write the source ranges as values the plan knows, or open only the ports the service needs.
#   aws_fsbp: ["EC2.18", "EC2.19"]
#   checkov: ["CKV_AWS_277"]
#   trivy: []
warn contains f if {
	some r in lib.live_of_types(network.rule_types)
	some rule in network.ingress_rules(r)
	not rule.unknown
	network.all_ports(rule)
	count(network.world(rule)) == 0
	unknown := network.unknown_sources(rule)
	count(unknown) > 0
	msg := sprintf("%s (%s) opens every port to sources known only after apply (%s): csm cannot tell whether that is the world", [r.address, rule.where, concat(", ", unknown)])
	f := lib.resource_finding(rego.metadata.rule(), r, msg)
}
