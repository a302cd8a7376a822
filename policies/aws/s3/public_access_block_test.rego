package csm.aws.s3.public_access_block_test

import rego.v1

import data.csm.aws.s3.public_access_block as check
import data.csm.fixtures.aws as fx

bucket := fx.res("aws_s3_bucket", "b", {"bucket": "b", "id": "${self.id}"})

all_on := {"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true}

block(values) := fx.res("aws_s3_bucket_public_access_block", "b", values)

# As a list, so a test can match exactly one finding with `[f] := ...`.
deny_of(resources) := [f | some f in found] if {
	found := check.deny with input as fx.plan_input(resources)
}

test_block_joined_by_reference_passes if {
	count(deny_of([bucket, block(object.union(all_on, {"bucket": "${aws_s3_bucket.b.id}"}))])) == 0
}

test_block_joined_by_name_passes if {
	count(deny_of([bucket, block(object.union(all_on, {"bucket": "b"}))])) == 0
}

test_account_block_covers_the_bucket if {
	account := fx.res("aws_s3_account_public_access_block", "a", all_on)
	count(deny_of([bucket, account])) == 0
}

test_bucket_without_block_denied if {
	[f] := deny_of([bucket])
	f.id == "CSM-AWS-S3-001"
	contains(f.message, "block_public_acls, block_public_policy, ignore_public_acls, restrict_public_buckets not true")
}

test_block_of_another_bucket_does_not_count if {
	[f] := deny_of([bucket, block(object.union(all_on, {"bucket": "${aws_s3_bucket.other.id}"}))])
	f.resource == "aws_s3_bucket.b"
}

test_setting_known_only_after_apply_warns if {
	values := object.union(all_on, {"bucket": "${aws_s3_bucket.b.id}", "restrict_public_buckets": "${var_from.x}"})
	count(deny_of([bucket, block(values)])) == 0
	found := check.warn with input as fx.plan_input([bucket, block(values)])
	[w] := [x | some x in found]
	contains(w.message, "restrict_public_buckets known only after apply")
}

test_csm_bucket_is_the_house_rule_s if {
	count(deny_of([fx.own(bucket)])) == 0
}
