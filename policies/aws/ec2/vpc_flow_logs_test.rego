package csm.aws.ec2.vpc_flow_logs_test

import rego.v1

import data.csm.aws.ec2.vpc_flow_logs as check
import data.csm.fixtures.aws as fx

vpc := object.union(fx.res("aws_vpc", "this", {"cidr_block": "10.0.0.0/16", "id": "${self.id}"}), {"address": "module.net.aws_vpc.this", "module": "module.net"})

# As a list, so a test can match exactly one finding with `[f] := ...`.
deny_of(resources) := [f | some f in found] if {
	found := check.deny with input as fx.plan_input(resources)
}

test_flow_log_through_a_module_output_passes if {
	log := fx.res("aws_flow_log", "f", {"vpc_id": "${module.net.aws_vpc.this.id}"})
	count(deny_of([vpc, log])) == 0
}

test_flow_log_by_known_id_passes if {
	existing := object.union(vpc, {"values": {"id": "vpc-0123"}})
	log := fx.res("aws_flow_log", "f", {"vpc_id": "vpc-0123"})
	count(deny_of([existing, log])) == 0
}

test_vpc_without_flow_log_denied if {
	[f] := deny_of([vpc])
	f.id == "CSM-AWS-EC2-007"
	f.resource == "module.net.aws_vpc.this"
}

# terraform-aws-modules/vpc: `vpc_id = local.vpc_id`; the plan records the local, and the module has one VPC.
test_flow_log_through_a_local_of_the_vpc_module_passes if {
	log := object.union(fx.res("aws_flow_log", "f", {"vpc_id": "${module.net.local.vpc_id}"}), {"address": "module.net.aws_flow_log.f", "module": "module.net"})
	count(deny_of([vpc, log])) == 0
	count(check.warn) == 0 with input as fx.plan_input([vpc, log])
}

# A local of another module instance names none of this one's VPCs.
test_local_of_another_module_does_not_join if {
	log := fx.res("aws_flow_log", "f", {"vpc_id": "${module.other.local.vpc_id}"})
	found := check.warn with input as fx.plan_input([vpc, log])
	[w] := [x | some x in found]
	contains(w.message, "aws_flow_log.f")
}

# With two VPCs in the module instance, the local may stand for either: csm cannot tell, and warns.
test_flow_log_of_a_vpc_the_plan_cannot_name_warns if {
	second := object.union(vpc, {"address": "module.net.aws_vpc.second", "name": "second"})
	log := fx.res("aws_flow_log", "f", {"vpc_id": "${module.net.local.vpc_id}"})
	count(deny_of([vpc, second, log])) == 0
	found := check.warn with input as fx.plan_input([vpc, second, log])
	count(found) == 2
	every w in found {
		contains(w.message, "aws_flow_log.f")
	}
}

test_csm_vpc_is_the_house_rule_s if {
	count(deny_of([fx.own(vpc)])) == 0
}
