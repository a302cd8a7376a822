package csm.aws.ec2.sg_admin_ports

import rego.v1

import data.csm.lib
import data.csm.lib.network

# METADATA
# title: Security groups do not open remote administration ports to the world
# description: No ingress rule (an ingress block of aws_security_group or aws_default_security_group, an aws_security_group_rule of type ingress, an aws_vpc_security_group_ingress_rule) opens SSH (22) or RDP (3389) to 0.0.0.0/0 or ::/0. A rule open on every port is CSM-AWS-EC2-002's, so one rule gives one finding.
# custom:
#   id: CSM-AWS-EC2-001
#   severity: high
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Restrict the source to the ranges that administer the hosts, or reach them through Session Manager or a bastion.
#   aws_fsbp: ["EC2.13", "EC2.14", "EC2.53", "EC2.54"]
#   checkov: ["CKV_AWS_24", "CKV_AWS_25"]
#   trivy: ["AVD-AWS-0107"]
deny contains f if {
	some r in lib.live_of_types(network.rule_types)
	some rule in network.ingress_rules(r)
	not rule.unknown
	not network.all_ports(rule)
	opened := network.admin_opened(rule)
	count(opened) > 0
	world := network.world(rule)
	count(world) > 0
	msg := sprintf("%s (%s) opens %s to %s", [r.address, rule.where, concat(", ", opened), concat(" and ", world)])
	f := lib.resource_finding(rego.metadata.rule(), r, msg)
}

# Why the plan cannot tell whether a rule opens an administration port to the world.
uncertain(rule) := "its ingress rules are known only after apply" if rule.unknown

uncertain(rule) := sprintf("it opens %s to sources known only after apply (%s)", [concat(", ", network.admin_opened(rule)), concat(", ", network.unknown_sources(rule))]) if {
	not rule.unknown
	count(network.admin_opened(rule)) > 0
	count(network.world(rule)) == 0
	count(network.unknown_sources(rule)) > 0
}

uncertain(rule) := sprintf("it opens ports known only after apply to %s", [concat(" and ", network.world(rule))]) if {
	not rule.unknown
	network.unknown_ports(rule)
	count(network.world(rule)) > 0
}

# METADATA
# title: Security groups do not open remote administration ports to the world (unknown at plan)
# description: A rule whose sources or ports the plan knows only after apply may open SSH or RDP to the world; the gate cannot tell, and says so.
# custom:
#   id: CSM-AWS-EC2-001
#   severity: medium
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Write the source ranges and ports as values the plan knows, or confirm after apply that they are not the world.
#   aws_fsbp: ["EC2.13", "EC2.14", "EC2.53", "EC2.54"]
#   checkov: ["CKV_AWS_24", "CKV_AWS_25"]
#   trivy: ["AVD-AWS-0107"]
warn contains f if {
	some r in lib.live_of_types(network.rule_types)
	some rule in network.ingress_rules(r)
	reason := uncertain(rule)
	msg := sprintf("%s (%s): csm cannot tell whether SSH or RDP is open to the world: %s", [r.address, rule.where, reason])
	f := lib.resource_finding(rego.metadata.rule(), r, msg)
}
