package csm.aws.ec2.imdsv2_test

import rego.v1

import data.csm.aws.ec2.imdsv2 as check
import data.csm.fixtures.aws as fx

instance(values) := fx.res("aws_instance", "i", values)

# As a list, so a test can match exactly one finding with `[f] := ...`.
deny_of(resources) := [f | some f in found] if {
	found := check.deny with input as fx.plan_input(resources)
}

test_tokens_required_passes if {
	count(deny_of([instance({"metadata_options": [{"http_tokens": "required", "http_endpoint": "enabled"}]})])) == 0
}

test_endpoint_disabled_passes if {
	count(deny_of([instance({"metadata_options": [{"http_tokens": "optional", "http_endpoint": "disabled"}]})])) == 0
}

test_tokens_optional_denied if {
	[f] := deny_of([instance({"metadata_options": [{"http_tokens": "optional"}]})])
	f.id == "CSM-AWS-EC2-003"
	contains(f.message, "\"optional\"")
}

test_no_metadata_options_denied if {
	i := instance({"metadata_options": "${self.metadata_options}"})
	[f] := deny_of([i])
	contains(f.message, "leaves metadata_options to the provider")
}

test_launch_template_without_options_denied if {
	[f] := deny_of([fx.res("aws_launch_template", "t", {"metadata_options": []})])
	contains(f.message, "sets no metadata_options")
}

test_account_default_requiring_tokens_passes if {
	defaults := fx.res("aws_ec2_instance_metadata_defaults", "d", {"http_tokens": "required"})
	count(deny_of([defaults, instance({"metadata_options": []})])) == 0
}

test_tokens_from_a_reference_warn if {
	i := instance({"metadata_options": [{"http_tokens": "${aws_ssm_parameter.p.value}"}]})
	count(deny_of([i])) == 0
	found := check.warn with input as fx.plan_input([i])
	[w] := [x | some x in found]
	w.id == "CSM-AWS-EC2-003"
}
