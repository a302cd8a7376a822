package csm.aws.eks.public_endpoint

import rego.v1

import data.csm.lib

# The cluster's API endpoint is public (the provider's default) ...
public(c) if c.endpoint_public_access == true

public(c) if object.get(c, "endpoint_public_access", null) == null

# ... to the world: 0.0.0.0/0, or public_access_cidrs left to the provider (it defaults to 0.0.0.0/0).
world(r, c) := "0.0.0.0/0" if "0.0.0.0/0" in object.get(c, "public_access_cidrs", [])

world(r, c) := "0.0.0.0/0 (public_access_cidrs not set)" if lib.not_set(r, object.get(c, "public_access_cidrs", null))

# METADATA
# title: EKS API endpoints are not public to the world
# description: "An aws_eks_cluster turns endpoint_public_access off, or limits public_access_cidrs to known ranges. Both default to open: not set is not safe."
# custom:
#   id: CSM-AWS-EKS-001
#   severity: high
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Set vpc_config { endpoint_public_access = false, endpoint_private_access = true }, or public_access_cidrs to the ranges that administer the cluster.
#   aws_fsbp: ["EKS.1"]
#   checkov: ["CKV_AWS_39", "CKV_AWS_38"]
#   trivy: ["AVD-AWS-0040", "AVD-AWS-0041"]
deny contains f if {
	some r in lib.live_of_type("aws_eks_cluster")
	some c in lib.blocks(object.get(r.values, "vpc_config", null))
	public(c)
	w := world(r, c)
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s has a public API endpoint open to %s", [r.address, w]))
}

# METADATA
# title: EKS API endpoints are not public to the world (unknown at plan)
# description: The public endpoint's allowed ranges derive from values known only after apply.
# custom:
#   id: CSM-AWS-EKS-001
#   severity: medium
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Write public_access_cidrs as literals, or turn the public endpoint off.
#   aws_fsbp: ["EKS.1"]
#   checkov: ["CKV_AWS_39", "CKV_AWS_38"]
#   trivy: ["AVD-AWS-0040", "AVD-AWS-0041"]
warn contains f if {
	some r in lib.live_of_type("aws_eks_cluster")
	some c in lib.blocks(object.get(r.values, "vpc_config", null))
	public(c)
	cidrs := object.get(c, "public_access_cidrs", null)
	lib.unknown(cidrs)
	not lib.left_to_provider(r, cidrs)
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s has a public API endpoint open to %s: csm cannot tell whether that is the world", [r.address, lib.show(cidrs)]))
}
