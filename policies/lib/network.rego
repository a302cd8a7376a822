# Security group ingress however a configuration writes it, in one shape per rule:
#   {"where", "protocol", "from", "to", "cidrs": [...]}
# from inline `ingress` blocks of aws_security_group, aws_security_group_rule of type ingress, and
# aws_vpc_security_group_ingress_rule. A value the plan knows only after apply stays the unknown marker; a whole
# ingress list known only after apply is one rule with "unknown": true.
package csm.lib.network

import rego.v1

import data.csm.lib
import data.csm.lib.iam

world_cidrs := {"0.0.0.0/0", "::/0"}

# Remote administration ports (SSH, RDP): the ports AWS Security Hub's EC2.13, EC2.14, EC2.53 and EC2.54 watch.
admin_ports := {22: "SSH", 3389: "RDP"}

ingress_rules(r) := [{"where": sprintf("ingress[%d]", [i]), "protocol": object.get(b, "protocol", null), "from": object.get(b, "from_port", null), "to": object.get(b, "to_port", null), "cidrs": cidrs(object.get(b, "cidr_blocks", null), object.get(b, "ipv6_cidr_blocks", null))} |
	some i, b in lib.blocks(r.values.ingress)
] if {
	r.type in inline_types
	not lib.unknown(r.values.ingress)
}

# Ingress the configuration does not write inline is left to the provider: the group's rules are separate
# resources, judged on their own. Inline ingress derived from values known only after apply is one unknown rule.
ingress_rules(r) := [{"where": "ingress", "unknown": true}] if {
	r.type in inline_types
	lib.unknown(r.values.ingress)
	not lib.left_to_provider(r, r.values.ingress)
}

ingress_rules(r) := [{"where": "rule", "protocol": object.get(r.values, "protocol", null), "from": object.get(r.values, "from_port", null), "to": object.get(r.values, "to_port", null), "cidrs": cidrs(object.get(r.values, "cidr_blocks", null), object.get(r.values, "ipv6_cidr_blocks", null))}] if {
	r.type == "aws_security_group_rule"
	r.values.type == "ingress"
}

ingress_rules(r) := [{"where": "rule", "protocol": object.get(r.values, "ip_protocol", null), "from": object.get(r.values, "from_port", null), "to": object.get(r.values, "to_port", null), "cidrs": [c | some c in [object.get(r.values, "cidr_ipv4", null), object.get(r.values, "cidr_ipv6", null)]; c != null]}] if {
	r.type == "aws_vpc_security_group_ingress_rule"
}

# A CIDR list may itself be the unknown marker (a list derived from another resource): it stays one entry.
cidrs(v4, v6) := array.concat(cidr_list(v4), cidr_list(v6))

cidr_list(v) := [v] if lib.unknown(v)

cidr_list(v) := iam.as_list(v) if not lib.unknown(v)

# Groups with inline ingress blocks: a VPC's default group (terraform-aws-modules/vpc manages it) has the same shape.
inline_types := {"aws_security_group", "aws_default_security_group"}

rule_types := inline_types | {"aws_security_group_rule", "aws_vpc_security_group_ingress_rule"}

# Every protocol, hence every port: `-1` / `all` (any spelling), or TCP/UDP over the whole range.
all_ports(rule) if lower(sprintf("%v", [rule.protocol])) in {"-1", "all"}

all_ports(rule) if {
	is_number(rule.from)
	is_number(rule.to)
	rule.from <= 1
	rule.to >= 65535
}

# The rule opens `port` (TCP or UDP, or every protocol).
opens(rule, port) if {
	all_ports(rule)
	is_number(port)
}

opens(rule, port) if {
	lower(sprintf("%v", [rule.protocol])) in {"tcp", "udp", "6", "17"}
	rule.from <= port
	port <= rule.to
}

world(rule) := [c | some c in rule.cidrs; c in world_cidrs]

unknown_sources(rule) := [c | some c in rule.cidrs; lib.unknown(c)]

unknown_ports(rule) if lib.unknown(rule.from)

unknown_ports(rule) if lib.unknown(rule.to)

unknown_ports(rule) if lib.unknown(rule.protocol)

# The administration ports a rule opens, by name: `SSH (22)`.
admin_opened(rule) := [sprintf("%s (%d)", [name, port]) | some port, name in admin_ports; opens(rule, port)]
