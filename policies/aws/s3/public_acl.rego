package csm.aws.s3.public_acl

import rego.v1

import data.csm.lib

public_canned := {"public-read", "public-read-write", "authenticated-read"}

public_groups := {"http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"}

# What makes an ACL public: a public canned ACL, or a grant to all users or to any authenticated AWS user.
public_parts(r) := array.concat(canned(r), granted(r))

canned(r) := [sprintf("acl = %q", [r.values.acl])] if r.values.acl in public_canned

else := []

granted(r) := [sprintf("a grant of %v to %s", [object.get(g, "permission", object.get(g, "permissions", "?")), g.uri]) | some g in grants(r); g.uri in public_groups]

# Grants as written on the legacy aws_s3_bucket (grant blocks) and on aws_s3_bucket_acl (access_control_policy).
grants(r) := [{"uri": object.get(g, "uri", null), "permissions": object.get(g, "permissions", [])} | some g in lib.blocks(object.get(r.values, "grant", null))] if r.type == "aws_s3_bucket"

grants(r) := [{"uri": object.get(grantee, "uri", null), "permission": object.get(g, "permission", null)} |
	some p in lib.blocks(object.get(r.values, "access_control_policy", null))
	some g in lib.blocks(object.get(p, "grant", null))
	some grantee in lib.blocks(object.get(g, "grantee", null))
] if r.type == "aws_s3_bucket_acl"

# METADATA
# title: Bucket ACLs do not grant public access
# description: No aws_s3_bucket_acl (nor the legacy acl and grant arguments of aws_s3_bucket) uses a public canned ACL (public-read, public-read-write, authenticated-read) or grants to AllUsers or AuthenticatedUsers.
# custom:
#   id: CSM-AWS-S3-002
#   severity: high
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Use the private canned ACL, or disable ACLs with aws_s3_bucket_ownership_controls (BucketOwnerEnforced) and grant access by policy.
#   aws_fsbp: ["S3.2", "S3.3"]
#   checkov: ["CKV_AWS_20", "CKV_AWS_57"]
#   trivy: ["AVD-AWS-0092"]
deny contains f if {
	some r in lib.live_of_types({"aws_s3_bucket", "aws_s3_bucket_acl"})
	parts := public_parts(r)
	count(parts) > 0
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s makes the bucket public: %s", [r.address, concat(", ", parts)]))
}
