package csm.aws.s3.encryption_test

import rego.v1

import data.csm.aws.s3.encryption as check
import data.csm.fixtures.aws as fx

bucket := fx.res("aws_s3_bucket", "b", {"bucket": "b"})

# As a list, so a test can match exactly one finding with `[f] := ...`.
warn_of(resources) := [f | some f in found] if {
	found := check.warn with input as fx.plan_input(resources)
}

test_bucket_with_a_configuration_passes if {
	sse := fx.res("aws_s3_bucket_server_side_encryption_configuration", "e", {"bucket": "${aws_s3_bucket.b.id}", "rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "AES256"}]}]})
	count(warn_of([bucket, sse])) == 0
}

test_bucket_relying_on_the_default_warns if {
	[w] := warn_of([bucket])
	w.id == "CSM-AWS-S3-004"
}
