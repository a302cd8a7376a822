package csm.aws.ec2.user_data_secrets_test

import rego.v1

import data.csm.aws.ec2.user_data_secrets as check
import data.csm.fixtures.aws as fx

# As a list, so a test can match exactly one finding with `[f] := ...`.
deny_of(resources) := [f | some f in found] if {
	found := check.deny with input as fx.plan_input(resources)
}

test_user_data_without_secrets_passes if {
	i := fx.res("aws_instance", "i", {"user_data": "#!/bin/bash\nexport PASSWORD=$(aws ssm get-parameter --name /db)\n"})
	count(deny_of([i])) == 0
}

test_access_key_in_user_data_denied_without_repeating_it if {
	i := fx.res("aws_instance", "i", {"user_data": "#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n"})
	[f] := deny_of([i])
	f.id == "CSM-AWS-EC2-006"
	contains(f.message, "an AWS access key id on line 2")
	not contains(f.message, "AKIAIOSFODNN7EXAMPLE")
}

test_base64_launch_template_user_data_read if {
	t := fx.res("aws_launch_template", "t", {"user_data": base64.encode("#!/bin/bash\ntoken=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n")})
	[f] := deny_of([t])
	contains(f.message, "a GitHub token on line 2")
}

test_user_data_seen_only_as_a_hash_warns if {
	i := fx.res("aws_instance", "i", {"user_data": "2b9b69cfd4ab6911b62d8f4daec7ced07b5eb3d0"})
	count(deny_of([i])) == 0
	found := check.warn with input as fx.plan_input([i])
	[w] := [x | some x in found]
	contains(w.message, "not visible in the plan")
}
