# Change management (9.2) of customer data: data-bearing resources are removed only by the operations whose
# purpose is to end or move a service (terminate S13, transfer S14, retire S15), and never without a copy.
package csm.lifecycle

import rego.v1

import data.csm.lib

exit_operations := {"terminate", "transfer", "retire"}

# The change is one of the exit operations (an input without an operation is none of them, so the rules below
# that protect data still apply to it).
exit_operation if input.operation in exit_operations

past_tense := {"delete": "deleted", "replace": "replaced"}

# A `removed { lifecycle { destroy = false } }` block hands the resource over without touching its data.
handed_over(r) if {
	some removal in input.removals
	removal.from == r.address
	removal.destroy == false
}

# METADATA
# title: Data-bearing resources are not deleted or replaced outside an exit
# description: Outside a terminate, transfer or retire operation, a delete or replace of a data-bearing resource (lib.data_bearing_types) is refused; at the synth gate the action comes from comparing with the base revision's synth, at the plan gate from Terraform.
# custom:
#   id: CSM-LCM-001
#   severity: high
#   clauses: ["9.2", "6.3", "6.6"]
#   scenario: S11
#   statements: [controlled-change, protect-customer-data]
#   remediation: Keep the resource (change it in place), or run the change as a terminate, transfer or retire operation that exports the data first.
deny contains f if {
	not exit_operation
	some r in input.resources
	lib.own(r)
	lib.data_bearing(r)
	r.action in {"delete", "replace"}
	not handed_over(r)
	msg := sprintf("%s (%s, holds data) would be %s by a %s operation; only terminate, transfer or retire may remove data-bearing resources", [r.address, r.type, past_tense[r.action], object.get(input, "operation", "(unnamed)")])
	f := lib.resource_finding(rego.metadata.rule(), r, msg)
}

# Each store's switch that throws its data away when the resource goes.
discards_data(r) := "force_destroy" if {
	r.type == "aws_s3_bucket"
	r.values.force_destroy == true
}

discards_data(r) := "skip_final_snapshot" if {
	r.type in {"aws_db_instance", "aws_rds_cluster"}
	r.values.skip_final_snapshot == true
}

discards_data(r) := "force_delete" if {
	r.type == "aws_ecr_repository"
	r.values.force_delete == true
}

emptied_for_termination(r, attribute) if {
	lib.terminating
	lib.empties_on_delete[r.type] == attribute
}

# METADATA
# title: Data-bearing resources keep their data when removed
# description: A data store must not be configured to discard its content on removal (force_destroy on aws_s3_bucket, skip_final_snapshot on aws_db_instance, force_delete on aws_ecr_repository), so even a sanctioned removal leaves a recoverable copy. A terminate's unprotect step may set force_destroy and force_delete, when CSM-OPS-015 allows; skip_final_snapshot never, since the final snapshot is the copy retention keeps.
# custom:
#   id: CSM-LCM-002
#   severity: high
#   clauses: ["9.2", "6.3"]
#   scenario: S13
#   statements: [controlled-change, protect-customer-data]
#   remediation: Set the attribute to false (the constructs' defaults), and export the data explicitly during terminate or transfer.
deny contains f if {
	some r in lib.live
	lib.own(r)
	lib.data_bearing(r)
	attribute := discards_data(r)
	not emptied_for_termination(r, attribute)
	msg := sprintf("%s (%s) has %s = true: removing it would discard its data", [r.address, r.type, attribute])
	f := lib.resource_finding(rego.metadata.rule(), r, msg)
}
