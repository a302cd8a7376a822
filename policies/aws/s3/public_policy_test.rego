package csm.aws.s3.public_policy_test

import rego.v1

import data.csm.aws.s3.public_policy as check
import data.csm.fixtures.aws as fx

policy(statement) := fx.res("aws_s3_bucket_policy", "p", {"bucket": "b", "policy": json.marshal({"Version": "2012-10-17", "Statement": [statement]})})

# As a list, so a test can match exactly one finding with `[f] := ...`.
deny_of(resources) := [f | some f in found] if {
	found := check.deny with input as fx.plan_input(resources)
}

test_named_principal_passes if {
	count(deny_of([policy({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "*"})])) == 0
}

test_wildcard_narrowed_by_a_condition_passes if {
	st := {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1"}}}
	count(deny_of([policy(st)])) == 0
}

test_deny_to_everyone_passes if {
	count(deny_of([policy({"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"})])) == 0
}

test_public_read_denied if {
	[f] := deny_of([policy({"Sid": "Public", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "*"})])
	f.id == "CSM-AWS-S3-003"
	contains(f.message, "statement Public")
}

test_public_document_read_only_at_apply_denied if {
	doc := object.union(fx.res("aws_iam_policy_document", "d", {"statement": [{"actions": ["s3:GetObject"], "principals": [{"type": "*", "identifiers": ["*"]}], "resources": ["${aws_s3_bucket.b.arn}"]}]}), {"address": "data.aws_iam_policy_document.d"})
	p := fx.res("aws_s3_bucket_policy", "p", {"policy": "${data.aws_iam_policy_document.d.json}"})
	found := check.deny with input as fx.with_data_sources([p], [doc])
	[f] := [x | some x in found]
	f.resource == "aws_s3_bucket_policy.p"
}

test_policy_known_only_after_apply_warns if {
	p := fx.res("aws_s3_bucket_policy", "p", {"policy": "${aws_s3_bucket.b.arn}"})
	count(deny_of([p])) == 0
	found := check.warn with input as fx.plan_input([p])
	[w] := [x | some x in found]
	w.id == "CSM-AWS-S3-003"
}
