package csm.aws.ec2.device_encryption

import rego.v1

import data.csm.lib

encrypted_by_default if {
	some d in lib.live_of_type("aws_ebs_encryption_by_default")
	object.get(d.values, "enabled", true) == true
}

# Each block device an instance, launch configuration or launch template defines, with its `encrypted` value.
# Launch templates write it as a string ("true").
devices(r) := array.concat(array.concat(
	[{"where": "root_block_device", "encrypted": object.get(d, "encrypted", null)} | some d in lib.blocks(object.get(r.values, "root_block_device", null))],
	[{"where": sprintf("ebs_block_device %v", [object.get(d, "device_name", "")]), "encrypted": object.get(d, "encrypted", null)} | some d in lib.blocks(object.get(r.values, "ebs_block_device", null))],
), unstated_root(r)) if r.type in {"aws_instance", "aws_launch_configuration"}

devices(r) := [{"where": sprintf("block_device_mappings %v", [object.get(m, "device_name", "")]), "encrypted": object.get(e, "encrypted", null)} |
	some m in lib.blocks(object.get(r.values, "block_device_mappings", null))
	some e in lib.blocks(object.get(m, "ebs", null))
] if r.type == "aws_launch_template"

# An instance with no root_block_device block (or one left to the provider) gets the AMI's root volume, encrypted
# only if the AMI's snapshot or the account default is: not safe, so it counts as a device that is not encrypted.
unstated_root(r) := [{"where": "root_block_device", "encrypted": null, "unstated": true}] if {
	count(lib.blocks(object.get(r.values, "root_block_device", null))) == 0
} else := []

problem(r, d) := "is not described: the root volume is encrypted only if the AMI or the account default says so" if d.unstated

problem(r, d) := sprintf("is not encrypted (encrypted: %s)", [lib.describe(r, d.encrypted)]) if not d.unstated

# METADATA
# title: Instance and launch template block devices are encrypted
# description: Root and EBS block devices of aws_instance and aws_launch_configuration, and the EBS mappings of aws_launch_template, set encrypted = true, unless aws_ebs_encryption_by_default is enabled in the same plan. A root device the configuration does not describe is not safe.
# custom:
#   id: CSM-AWS-EC2-005
#   severity: high
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Add root_block_device { encrypted = true } (ebs { encrypted = "true" } in launch templates), or enable aws_ebs_encryption_by_default.
#   aws_fsbp: ["EC2.3"]
#   checkov: ["CKV_AWS_8"]
#   trivy: ["AVD-AWS-0131", "AVD-AWS-0008"]
deny contains f if {
	some r in lib.live_of_types({"aws_instance", "aws_launch_configuration", "aws_launch_template"})
	not encrypted_by_default
	some d in devices(r)
	not lib.enabled(d.encrypted)
	not derived(r, d.encrypted)
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s (%s) %s", [r.address, d.where, problem(r, d)]))
}

derived(r, v) if {
	lib.unknown(v)
	not lib.left_to_provider(r, v)
}

# METADATA
# title: Instance and launch template block devices are encrypted (unknown at plan)
# description: A device's encrypted value derives from a value known only after apply.
# custom:
#   id: CSM-AWS-EC2-005
#   severity: medium
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Write encrypted = true as a literal.
#   aws_fsbp: ["EC2.3"]
#   checkov: ["CKV_AWS_8"]
#   trivy: ["AVD-AWS-0131", "AVD-AWS-0008"]
warn contains f if {
	some r in lib.live_of_types({"aws_instance", "aws_launch_configuration", "aws_launch_template"})
	not encrypted_by_default
	some d in devices(r)
	derived(r, d.encrypted)
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s (%s) has encrypted %s: csm cannot tell whether it is encrypted", [r.address, d.where, lib.show(d.encrypted)]))
}
