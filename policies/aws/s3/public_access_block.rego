package csm.aws.s3.public_access_block

import rego.v1

import data.csm.lib

flags := ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]

# An account-wide public access block in the same plan that blocks everything covers every bucket.
account_blocks_all if {
	some a in lib.live_of_type("aws_s3_account_public_access_block")
	every flag in flags {
		a.values[flag] == true
	}
}

# Each live bucket's public access blocks (joined by reference or name), found once per evaluation.
blocks_of[bucket.address] := lib.companions(bucket, "aws_s3_bucket_public_access_block", "bucket") if {
	some bucket in lib.live_of_type("aws_s3_bucket")
}

# The flags not known to be true on any of the bucket's blocks, and those of them known only after apply.
off(bucket) := [flag |
	some flag in flags
	not on(bucket, flag)
]

on(bucket, flag) if {
	some c in blocks_of[bucket.address]
	c.values[flag] == true
}

unknown_flags(bucket) := [flag |
	some flag in off(bucket)
	some c in blocks_of[bucket.address]
	lib.unknown(object.get(c.values, flag, null))
]

# METADATA
# title: Buckets block public access
# description: Every aws_s3_bucket has an aws_s3_bucket_public_access_block (joined through its bucket reference, through modules, or by name) with all four settings true, or the plan has an aws_s3_account_public_access_block that blocks everything. csm's own buckets are CSM-SEC-003's.
# custom:
#   id: CSM-AWS-S3-001
#   severity: high
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Add aws_s3_bucket_public_access_block for the bucket with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets all true.
#   aws_fsbp: ["S3.1", "S3.8"]
#   checkov: ["CKV2_AWS_6", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"]
#   trivy: ["AVD-AWS-0094", "AVD-AWS-0086", "AVD-AWS-0087", "AVD-AWS-0091", "AVD-AWS-0093"]
deny contains f if {
	some bucket in lib.live_of_type("aws_s3_bucket")
	not lib.own(bucket)
	not account_blocks_all
	missing := off(bucket)
	count(missing) > count(unknown_flags(bucket))
	msg := sprintf("%s does not block public access: %s not true", [bucket.address, concat(", ", missing)])
	f := lib.resource_finding(rego.metadata.rule(), bucket, msg)
}

# METADATA
# title: Buckets block public access (unknown at plan)
# description: Some public access block settings of the bucket derive from values known only after apply.
# custom:
#   id: CSM-AWS-S3-001
#   severity: medium
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Write the four settings as literals true.
#   aws_fsbp: ["S3.1", "S3.8"]
#   checkov: ["CKV2_AWS_6", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"]
#   trivy: ["AVD-AWS-0094", "AVD-AWS-0086", "AVD-AWS-0087", "AVD-AWS-0091", "AVD-AWS-0093"]
warn contains f if {
	some bucket in lib.live_of_type("aws_s3_bucket")
	not lib.own(bucket)
	not account_blocks_all
	unknown := unknown_flags(bucket)
	count(unknown) > 0
	count(off(bucket)) == count(unknown)
	msg := sprintf("%s: %s known only after apply: csm cannot tell whether public access is blocked", [bucket.address, concat(", ", unknown)])
	f := lib.resource_finding(rego.metadata.rule(), bucket, msg)
}
