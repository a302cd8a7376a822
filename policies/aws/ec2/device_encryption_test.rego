package csm.aws.ec2.device_encryption_test

import rego.v1

import data.csm.aws.ec2.device_encryption as check
import data.csm.fixtures.aws as fx

# As a list, so a test can match exactly one finding with `[f] := ...`.
deny_of(resources) := [f | some f in found] if {
	found := check.deny with input as fx.plan_input(resources)
}

test_encrypted_root_and_data_devices_pass if {
	i := fx.res("aws_instance", "i", {"root_block_device": [{"encrypted": true}], "ebs_block_device": [{"device_name": "/dev/sdf", "encrypted": true}]})
	count(deny_of([i])) == 0
}

test_unencrypted_data_device_denied if {
	i := fx.res("aws_instance", "i", {"root_block_device": [{"encrypted": true}], "ebs_block_device": [{"device_name": "/dev/sdf", "encrypted": false}]})
	[f] := deny_of([i])
	f.id == "CSM-AWS-EC2-005"
	contains(f.message, "ebs_block_device /dev/sdf")
}

test_undescribed_root_device_denied if {
	[f] := deny_of([fx.res("aws_instance", "i", {"root_block_device": "${self.root_block_device}"})])
	contains(f.message, "is not described")
}

test_launch_template_string_switch_read if {
	good := fx.res("aws_launch_template", "good", {"block_device_mappings": [{"device_name": "/dev/xvda", "ebs": [{"encrypted": "true"}]}]})
	bad := fx.res("aws_launch_template", "bad", {"block_device_mappings": [{"device_name": "/dev/xvda", "ebs": [{"encrypted": "false"}]}]})
	[f] := deny_of([good, bad])
	f.resource == "aws_launch_template.bad"
}
