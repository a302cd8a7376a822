package csm.aws.ec2.vpc_flow_logs

import rego.v1

import data.csm.lib

# A flow log whose VPC the plan cannot name (a value known only after apply that leads to no VPC of the plan,
# such as a module's local value): it may be the one.
unplaced_flow_logs := [fl.address |
	some fl in lib.live_of_type("aws_flow_log")
	v := object.get(fl.values, "vpc_id", null)
	lib.unknown(v)
	not lib.left_to_provider(fl, v)
	not joins_some_vpc(v)
]

joins_some_vpc(v) if {
	some vpc in lib.live_of_type("aws_vpc")
	lib.joins(v, vpc)
}

logged(vpc) if count(lib.companions(vpc, "aws_flow_log", "vpc_id")) > 0

# METADATA
# title: VPCs record flow logs
# description: Every aws_vpc has an aws_flow_log whose vpc_id names it, by reference (through modules) or by id. csm's own VPCs are CSM-SEC-010's.
# custom:
#   id: CSM-AWS-EC2-007
#   severity: medium
#   clauses: ["6.6", "9.1"]
#   scenario: S09
#   remediation: Add an aws_flow_log with vpc_id = the VPC's id.
#   aws_fsbp: ["EC2.6"]
#   checkov: ["CKV2_AWS_11"]
#   trivy: ["AVD-AWS-0178"]
deny contains f if {
	some vpc in lib.live_of_type("aws_vpc")
	not lib.own(vpc)
	not logged(vpc)
	count(unplaced_flow_logs) == 0
	f := lib.resource_finding(rego.metadata.rule(), vpc, sprintf("%s records no flow logs (no aws_flow_log names it)", [vpc.address]))
}

# METADATA
# title: VPCs record flow logs (unknown at plan)
# description: A flow log in the plan names a VPC only after apply, through a value the plan cannot follow; it may be this VPC's.
# custom:
#   id: CSM-AWS-EC2-007
#   severity: low
#   clauses: ["6.6", "9.1"]
#   scenario: S09
#   remediation: Pass the VPC's id to the flow log directly (or through a module output) so the plan shows which VPC it logs.
#   aws_fsbp: ["EC2.6"]
#   checkov: ["CKV2_AWS_11"]
#   trivy: ["AVD-AWS-0178"]
warn contains f if {
	some vpc in lib.live_of_type("aws_vpc")
	not lib.own(vpc)
	not logged(vpc)
	count(unplaced_flow_logs) > 0
	msg := sprintf("%s: no aws_flow_log names it, but %s name a VPC known only after apply", [vpc.address, concat(", ", unplaced_flow_logs)])
	f := lib.resource_finding(rego.metadata.rule(), vpc, msg)
}
