package csm.aws.s3.encryption

import rego.v1

import data.csm.lib

configured(bucket) if count(lib.companions(bucket, "aws_s3_bucket_server_side_encryption_configuration", "bucket")) > 0

# The legacy inline configuration of aws_s3_bucket.
configured(bucket) if {
	some c in lib.blocks(object.get(bucket.values, "server_side_encryption_configuration", null))
	count(lib.blocks(object.get(c, "rule", null))) > 0
}

# METADATA
# title: Buckets state their encryption at rest
# description: Every aws_s3_bucket has a server-side encryption configuration (aws_s3_bucket_server_side_encryption_configuration joined to it, or the legacy inline block). S3 encrypts new objects with SSE-S3 by default, so a bucket without one is a warning that relies on that default. csm's own buckets are CSM-SEC-001's (encryption with the tenant's key).
# custom:
#   id: CSM-AWS-S3-004
#   severity: low
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Add aws_s3_bucket_server_side_encryption_configuration (aws:kms with a customer-managed key where the data needs it).
#   aws_fsbp: ["S3.4"]
#   checkov: ["CKV_AWS_19", "CKV_AWS_145"]
#   trivy: ["AVD-AWS-0088"]
warn contains f if {
	some bucket in lib.live_of_type("aws_s3_bucket")
	not lib.own(bucket)
	not configured(bucket)
	msg := sprintf("%s states no server-side encryption configuration: it relies on S3's default (SSE-S3)", [bucket.address])
	f := lib.resource_finding(rego.metadata.rule(), bucket, msg)
}
