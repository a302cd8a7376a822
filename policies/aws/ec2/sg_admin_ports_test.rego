package csm.aws.ec2.sg_admin_ports_test

import rego.v1

import data.csm.aws.ec2.sg_admin_ports as check
import data.csm.fixtures.aws as fx

sg(ingress) := fx.res("aws_security_group", "g", {"ingress": ingress})

rule(from, to, cidrs) := {"from_port": from, "to_port": to, "protocol": "tcp", "cidr_blocks": cidrs, "ipv6_cidr_blocks": []}

# As a list, so a test can match exactly one finding with `[f] := ...`.
deny_of(resources) := [f | some f in found] if {
	found := check.deny with input as fx.plan_input(resources)
}

# As a list, so a test can match exactly one finding with `[f] := ...`.
warn_of(resources) := [f | some f in found] if {
	found := check.warn with input as fx.plan_input(resources)
}

test_ssh_from_an_internal_range_passes if {
	count(deny_of([sg([rule(22, 22, ["10.0.0.0/8"])])])) == 0
}

test_https_from_the_world_passes if {
	count(deny_of([sg([rule(443, 443, ["0.0.0.0/0"])])])) == 0
}

test_ssh_from_the_world_denied if {
	[f] := deny_of([sg([rule(22, 22, ["0.0.0.0/0"])])])
	f.id == "CSM-AWS-EC2-001"
	contains(f.message, "SSH (22) to 0.0.0.0/0")
}

test_rdp_in_a_range_from_ipv6_world_denied_on_a_rule_resource if {
	r := fx.res("aws_vpc_security_group_ingress_rule", "r", {"ip_protocol": "tcp", "from_port": 3000, "to_port": 4000, "cidr_ipv6": "::/0"})
	[f] := deny_of([r])
	contains(f.message, "RDP (3389) to ::/0")
}

test_egress_rule_to_the_world_passes if {
	r := fx.res("aws_security_group_rule", "r", {"type": "egress", "protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]})
	count(deny_of([r])) == 0
}

test_all_ports_is_the_other_check if {
	count(deny_of([sg([{"from_port": 0, "to_port": 0, "protocol": "-1", "cidr_blocks": ["0.0.0.0/0"]}])])) == 0
}

test_source_known_only_after_apply_warns if {
	r := fx.res("aws_security_group_rule", "r", {"type": "ingress", "protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": "${aws_eip.e.public_ip}"})
	count(deny_of([r])) == 0
	[w] := warn_of([r])
	contains(w.message, "sources known only after apply")
}

test_inline_ingress_left_to_the_provider_is_not_judged if {
	g := fx.res("aws_security_group", "g", {"ingress": "${self.ingress}"})
	count(warn_of([g])) == 0
}

# A VPC's default group, managed with inline blocks (terraform-aws-modules/vpc), is judged as any group.
test_default_security_group_ssh_from_the_world_denied if {
	group := fx.res("aws_default_security_group", "this", {"ingress": [rule(22, 22, ["0.0.0.0/0"])]})
	[f] := deny_of([group])
	f.resource == "aws_default_security_group.this"
}

test_default_security_group_without_ingress_passes if {
	count(deny_of([fx.res("aws_default_security_group", "this", {"ingress": []})])) == 0
}
