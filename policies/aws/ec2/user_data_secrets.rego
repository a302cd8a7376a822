package csm.aws.ec2.user_data_secrets

import rego.v1

import data.csm.lib
import data.csm.lib.secrets

# METADATA
# title: User data holds no secrets
# description: The user data of aws_instance, aws_launch_template and aws_launch_configuration (as text, base64 or, where the plan keeps only its hash, the configuration's literal) holds no secret-looking literal (access keys, private keys, tokens, password assignments). Anyone who can describe the instance can read user data.
# custom:
#   id: CSM-AWS-EC2-006
#   severity: high
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Fetch secrets at boot from Secrets Manager or SSM Parameter Store with the instance role; rotate the exposed secret.
#   aws_fsbp: []
#   checkov: ["CKV_AWS_46"]
#   trivy: ["AVD-AWS-0029", "AVD-AWS-0129"]
deny contains f if {
	some r in lib.live_of_types({"aws_instance", "aws_launch_configuration", "aws_launch_template"})
	some text in secrets.user_data_texts(r)
	found := secrets.found_in(text)
	count(found) > 0
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s user data holds %s", [r.address, concat("; ", found)]))
}

# METADATA
# title: User data holds no secrets (not visible at plan)
# description: The plan shows only a hash of the user data (a rendered template) or a value known only after apply; the gate cannot read it.
# custom:
#   id: CSM-AWS-EC2-006
#   severity: low
#   clauses: ["6.6"]
#   scenario: S09
#   remediation: Review the template that renders the user data, or pass it as a literal the plan shows.
#   aws_fsbp: []
#   checkov: ["CKV_AWS_46"]
#   trivy: ["AVD-AWS-0029", "AVD-AWS-0129"]
warn contains f if {
	some r in lib.live_of_types({"aws_instance", "aws_launch_configuration", "aws_launch_template"})
	secrets.user_data_hidden(r)
	f := lib.resource_finding(rego.metadata.rule(), r, sprintf("%s user data is not visible in the plan (%s): csm cannot tell whether it holds secrets", [r.address, lib.show(r.values.user_data)]))
}
