package csm.aws.s3.public_acl_test

import rego.v1

import data.csm.aws.s3.public_acl as check
import data.csm.fixtures.aws as fx

# As a list, so a test can match exactly one finding with `[f] := ...`.
deny_of(resources) := [f | some f in found] if {
	found := check.deny with input as fx.plan_input(resources)
}

test_private_acl_passes if {
	count(deny_of([fx.res("aws_s3_bucket_acl", "a", {"acl": "private"})])) == 0
}

test_public_read_acl_denied if {
	[f] := deny_of([fx.res("aws_s3_bucket_acl", "a", {"acl": "public-read"})])
	f.id == "CSM-AWS-S3-002"
}

test_grant_to_all_users_denied if {
	grant := {"grantee": [{"type": "Group", "uri": "http://acs.amazonaws.com/groups/global/AllUsers"}], "permission": "READ"}
	acl := fx.res("aws_s3_bucket_acl", "a", {"access_control_policy": [{"grant": [grant]}]})
	[f] := deny_of([acl])
	contains(f.message, "AllUsers")
}

test_legacy_bucket_acl_denied if {
	[f] := deny_of([fx.res("aws_s3_bucket", "b", {"acl": "public-read-write"})])
	f.resource == "aws_s3_bucket.b"
}
