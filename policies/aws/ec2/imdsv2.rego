package csm.aws.ec2.imdsv2

import rego.v1

import data.csm.lib

imds_types := {"aws_instance", "aws_launch_template", "aws_launch_configuration"}

# An account default in the same plan (aws_ec2_instance_metadata_defaults) that requires tokens.
account_requires_tokens if {
	some d in lib.live_of_type("aws_ec2_instance_metadata_defaults")
	d.values.http_tokens == "required"
}

options(r) := [o | some o in lib.blocks(object.get(r.values, "metadata_options", null))]

# How a resource's metadata options fall short; undefined when IMDSv2 is required or the endpoint is off.
shortfall(r) := "sets no metadata_options, so IMDSv1 stays available (http_tokens defaults to optional)" if {
	count(options(r)) == 0
	not lib.unknown(object.get(r.values, "metadata_options", null))
}

shortfall(r) := "leaves metadata_options to the provider, so IMDSv1 stays available (http_tokens defaults to optional)" if {
	lib.left_to_provider(r, object.get(r.values, "metadata_options", null))
}

shortfall(r) := "leaves http_tokens unset, so IMDSv1 stays available (it defaults to optional)" if {
	some o in options(r)
	object.get(o, "http_endpoint", null) != "disabled"
	lib.not_set(r, object.get(o, "http_tokens", null))
}

shortfall(r) := sprintf("has http_tokens = %q: IMDSv1 stays available", [tokens]) if {
	some o in options(r)
	object.get(o, "http_endpoint", null) != "disabled"
	tokens := object.get(o, "http_tokens", null)
	is_string(tokens)
	not lib.unknown(tokens)
	tokens != "required"
}

# METADATA
# title: Instances require IMDSv2
# description: "aws_instance, aws_launch_template and aws_launch_configuration set metadata_options http_tokens = \"required\" (or turn the metadata endpoint off), unless an aws_ec2_instance_metadata_defaults in the plan requires tokens account-wide. Not set is not safe: http_tokens defaults to optional."
# custom:
#   id: CSM-AWS-EC2-003
#   severity: high
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Add metadata_options { http_tokens = "required" }.
#   aws_fsbp: ["EC2.8", "EC2.170", "AutoScaling.3"]
#   checkov: ["CKV_AWS_79"]
#   trivy: ["AVD-AWS-0028", "AVD-AWS-0130"]
deny contains f if {
	some r in lib.live_of_types(imds_types)
	not account_requires_tokens
	reason := shortfall(r)
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s %s", [r.address, reason]))
}

# METADATA
# title: Instances require IMDSv2 (unknown at plan)
# description: http_tokens derives from a value known only after apply; the gate cannot tell whether IMDSv1 stays available.
# custom:
#   id: CSM-AWS-EC2-003
#   severity: medium
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Write http_tokens = "required" as a literal.
#   aws_fsbp: ["EC2.8", "EC2.170", "AutoScaling.3"]
#   checkov: ["CKV_AWS_79"]
#   trivy: ["AVD-AWS-0028", "AVD-AWS-0130"]
warn contains f if {
	some r in lib.live_of_types(imds_types)
	not account_requires_tokens
	some o in options(r)
	tokens := object.get(o, "http_tokens", null)
	lib.unknown(tokens)
	not lib.left_to_provider(r, tokens)
	msg := sprintf("%s has http_tokens %s: csm cannot tell whether IMDSv2 is required", [r.address, lib.show(tokens)])
	f := lib.resource_finding(rego.metadata.rule(), r, msg)
}
