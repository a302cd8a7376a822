package csm.aws.cloudtrail.multi_region

import rego.v1

import data.csm.lib

# METADATA
# title: CloudTrail trails cover every region
# description: An aws_cloudtrail sets is_multi_region_trail = true, so activity in a region nobody watches is recorded too.
# custom:
#   id: CSM-AWS-CT-001
#   severity: medium
#   clauses: ["6.6", "9.1"]
#   scenario: S09
#   remediation: Set is_multi_region_trail = true.
#   aws_fsbp: ["CloudTrail.1"]
#   checkov: ["CKV_AWS_67"]
#   trivy: ["AVD-AWS-0014"]
deny contains f if {
	some r in lib.live_of_type("aws_cloudtrail")
	v := object.get(r.values, "is_multi_region_trail", null)
	v != true
	not lib.unknown(v)
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s records one region only (is_multi_region_trail = %v)", [r.address, v]))
}
