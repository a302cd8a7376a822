package csm.aws.ec2.sg_all_ports_test

import rego.v1

import data.csm.aws.ec2.sg_all_ports as check
import data.csm.fixtures.aws as fx

# As a list, so a test can match exactly one finding with `[f] := ...`.
deny_of(resources) := [f | some f in found] if {
	found := check.deny with input as fx.plan_input(resources)
}

test_every_protocol_from_an_internal_range_passes if {
	r := fx.res("aws_vpc_security_group_ingress_rule", "r", {"ip_protocol": "-1", "cidr_ipv4": "10.0.0.0/8"})
	count(deny_of([r])) == 0
}

test_every_protocol_from_the_world_denied if {
	r := fx.res("aws_vpc_security_group_ingress_rule", "r", {"ip_protocol": "-1", "cidr_ipv4": "0.0.0.0/0"})
	[f] := deny_of([r])
	f.id == "CSM-AWS-EC2-002"
	contains(f.message, "every protocol and port to 0.0.0.0/0")
}

test_whole_tcp_range_from_the_world_denied if {
	r := fx.res("aws_security_group_rule", "r", {"type": "ingress", "protocol": "tcp", "from_port": 0, "to_port": 65535, "cidr_blocks": ["0.0.0.0/0"]})
	[f] := deny_of([r])
	contains(f.message, "every tcp port (0-65535)")
}
