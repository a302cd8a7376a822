package csm.aws.cloudtrail.log_validation

import rego.v1

import data.csm.lib

# METADATA
# title: CloudTrail validates its log files
# description: An aws_cloudtrail sets enable_log_file_validation = true, so a log file changed or deleted after delivery is detected.
# custom:
#   id: CSM-AWS-CT-002
#   severity: medium
#   clauses: ["6.6", "9.1"]
#   scenario: S09
#   remediation: Set enable_log_file_validation = true.
#   aws_fsbp: ["CloudTrail.4"]
#   checkov: ["CKV_AWS_36"]
#   trivy: ["AVD-AWS-0016"]
deny contains f if {
	some r in lib.live_of_type("aws_cloudtrail")
	v := object.get(r.values, "enable_log_file_validation", null)
	v != true
	not lib.unknown(v)
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s does not validate its log files (enable_log_file_validation = %v)", [r.address, v]))
}
