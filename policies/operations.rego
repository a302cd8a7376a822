# The lifecycle operations that change or end what exists (S11 allocate/release, S13 terminate, S14 transfer,
# S15 retire): each is allowed only on the facts the agreement and catalogue record (input.lifecycle,
# policies/README.md). Deleting data outside these operations is lifecycle.rego's (CSM-LCM-001), not repeated here.
package csm.operations

import rego.v1

import data.csm.lib
import data.csm.lifecycle

removes := {"delete", "replace"}

termination := object.get(input.lifecycle, "termination", null)

recorded := termination.recorded if termination.recorded != null

before_effective if input.now < recorded.effective

transfer := input.lifecycle.transfer if input.lifecycle.transfer != null

# Resources the plan removes for good: deleted or replaced, and not handed over by a `removed` block.
destroyed contains r if {
	some r in input.resources
	r.action in removes
	not lifecycle.handed_over(r)
}

# The customer's data is safe to destroy: the export is confirmed, or the agreed retention has ended.
data_released if termination.export_confirmed != null

data_released if {
	termination.retention_ends != null
	input.now >= termination.retention_ends
}

# METADATA
# title: A termination is recorded before the tenancy is terminated
# description: The terminate operation runs only for a customer whose agreement records the termination (agreement.termination.recorded with date and effective date), so the exit follows the agreed procedure.
# custom:
#   id: CSM-OPS-001
#   severity: high
#   clauses: ["7.1", "9.2", "4.3"]
#   scenario: S13
#   statements: [controlled-change]
#   remediation: Record the termination in the customer's agreement (agreement.termination.recorded with date and effective) in the pull request that terminates.
deny contains f if {
	input.operation == "terminate"
	not recorded
	msg := sprintf("customer %s: terminate without a termination recorded in the agreement", [input.customer])
	f := lib.catalogue_finding(rego.metadata.rule(), msg, lib.customer_source(["agreement", "termination"]))
}

# METADATA
# title: Customer data is destroyed only after its export is confirmed or its retention has ended
# description: A terminate may delete or replace a data-bearing resource only once input.lifecycle.termination has export_confirmed set, or input.now is at or past retention_ends (the effective date plus the agreed retentionDays).
# custom:
#   id: CSM-OPS-002
#   severity: high
#   clauses: ["6.6", "7.1", "9.2", "6.3"]
#   scenario: S13
#   statements: [protect-customer-data]
#   remediation: Export the data as the exit terms say and record agreement.termination.recorded.exportConfirmed, or wait until the retention period has ended.
deny contains f if {
	input.operation == "terminate"
	not data_released
	some r in destroyed
	lib.data_bearing(r)
	msg := sprintf("%s (%s, holds data) would be destroyed before the customer confirmed its export and before retention ends (%v)", [r.address, r.type, object.get(termination, "retention_ends", null)])
	f := lib.resource_finding_from(rego.metadata.rule(), r, msg, lib.customer_source(["agreement", "termination", "recorded"]))
}

# METADATA
# title: Service delivery ends no earlier than the effective date
# description: A terminate that destroys anything is refused while input.now is before the recorded effective date of the termination.
# custom:
#   id: CSM-OPS-003
#   severity: high
#   clauses: ["6.1", "7.1", "9.2"]
#   scenario: S13
#   statements: [controlled-change]
#   remediation: Plan the terminate on or after agreement.termination.recorded.effective.
deny contains f if {
	input.operation == "terminate"
	before_effective
	count(destroyed) > 0
	msg := sprintf("customer %s: terminate would destroy %d resources before the effective date %s", [input.customer, count(destroyed), recorded.effective])
	f := lib.catalogue_finding(rego.metadata.rule(), msg, lib.customer_source(["agreement", "termination", "recorded", "effective"]))
}

snapshot_types := {"aws_db_instance", "aws_rds_cluster"}

without_final_snapshot(r) if object.get(r.values, "skip_final_snapshot", false) == true

without_final_snapshot(r) if object.get(r.values, "final_snapshot_identifier", "") in {"", null}

# METADATA
# title: A database leaves a final snapshot when it is destroyed
# description: Every aws_db_instance or aws_rds_cluster a plan destroys must, in the values it is destroyed with, keep skip_final_snapshot false and name a final_snapshot_identifier, so the data outlives the resource for the agreed retention.
# custom:
#   id: CSM-OPS-004
#   severity: high
#   clauses: ["6.3", "9.2", "7.1"]
#   scenario: S13
#   statements: [protect-customer-data, continuity]
#   remediation: Give the database a final_snapshot_identifier and skip_final_snapshot = false (ManagedPostgres does) and apply that before destroying it.
deny contains f if {
	some r in destroyed
	r.type in snapshot_types
	without_final_snapshot(r)
	msg := sprintf("%s would be destroyed without a final snapshot", [r.address])
	f := lib.resource_finding(rego.metadata.rule(), r, msg)
}

# A store whose protection the terminate's unprotect step lifts: deletion protection off, or emptying allowed.
lifted(r) := attribute if {
	attribute := lib.protection_attribute[r.type]
	object.get(r.values, attribute, false) != true
}

lifted(r) := attribute if {
	attribute := lib.empties_on_delete[r.type]
	object.get(r.values, attribute, false) == true
}

# Why protections may not be lifted yet: the same moments the destroy waits for (CSM-OPS-002, CSM-OPS-003).
too_early contains sprintf("before the effective date %s", [recorded.effective]) if before_effective

too_early contains sprintf("before the customer confirmed its export and before retention ends (%v)", [object.get(termination, "retention_ends", null)]) if {
	not data_released
}

# METADATA
# title: Data stores are unprotected only when their data may go
# description: A terminate's unprotect step (deletion protection off, force_destroy or force_delete on) is refused before the recorded effective date, and until the export is confirmed or the retention has ended, so a store is never left unprotected while the customer still needs it.
# custom:
#   id: CSM-OPS-015
#   severity: high
#   clauses: ["6.6", "7.1", "9.2", "6.3"]
#   scenario: S13
#   statements: [protect-customer-data]
#   remediation: Plan the unprotect step on or after the effective date, once agreement.termination.recorded.exportConfirmed is recorded or the retention period has ended.
deny contains f if {
	lib.terminating
	count(too_early) > 0
	some r in lib.live
	attribute := lifted(r)
	msg := sprintf("%s would have %s = %v %s", [r.address, attribute, r.values[attribute], concat(" and ", sort(too_early))])
	f := lib.resource_finding_from(rego.metadata.rule(), r, msg, lib.customer_source(["agreement", "termination", "recorded"]))
}

# The values a plan destroys a resource with are its state's: only the plan gate knows them. Outside an exit
# operation a store is not deleted at all (CSM-LCM-001), so only exits ask.
in_state(r, attribute) := r.before[attribute] if {
	input.operation in lifecycle.exit_operations
	input.gate == "plan"
	is_object(r.before)
}

# METADATA
# title: A destroy does not meet a deletion protection AWS would enforce
# description: At the plan gate, a terminate, transfer or retire plan that deletes or replaces a store whose state has deletion protection on (lib.protection_attribute) is refused, since AWS would stop the apply halfway with part of the tenancy gone.
# custom:
#   id: CSM-OPS-016
#   severity: high
#   clauses: ["9.2", "6.3"]
#   scenario: S13
#   statements: [controlled-change]
#   remediation: For a terminate, plan, review and apply its unprotect step first (csm plan terminate <customer> --step unprotect), then plan the destroy again.
deny contains f if {
	some r in destroyed
	attribute := lib.protection_attribute[r.type]
	in_state(r, attribute) == true
	msg := sprintf("%s has %s = true in its state: AWS would refuse to delete it", [r.address, attribute])
	f := lib.resource_finding(rego.metadata.rule(), r, msg)
}

# METADATA
# title: A destroy of a store that must be empty says so
# description: At the plan gate, a terminate, transfer or retire plan that deletes a bucket or image registry whose state does not allow emptying it (lib.empties_on_delete) is warned about, since AWS deletes it only if it holds nothing.
# custom:
#   id: CSM-OPS-017
#   severity: medium
#   clauses: ["9.2", "6.3"]
#   scenario: S13
#   statements: [controlled-change]
#   remediation: Empty the store once its data is exported, or for a terminate apply its unprotect step first (csm plan terminate <customer> --step unprotect).
warn contains f if {
	some r in destroyed
	attribute := lib.empties_on_delete[r.type]
	in_state(r, attribute) != true
	msg := sprintf("%s has %s = false in its state: AWS deletes it only if it is empty", [r.address, attribute])
	f := lib.resource_finding(rego.metadata.rule(), r, msg)
}

# METADATA
# title: A terminate creates nothing
# description: Neither step of a terminate may create a resource; a create means the plan does not run against the tenancy's state (no state, another backend) or the change adds to a tenancy that is ending.
# custom:
#   id: CSM-OPS-018
#   severity: high
#   clauses: ["9.2", "7.1"]
#   scenario: S13
#   statements: [controlled-change]
#   remediation: Plan the terminate against the tenancy's state (the onboarding stack's backend), and make no other change to the customer in the same pull request.
deny contains f if {
	lib.terminating
	some r in input.resources
	r.action == "create"
	msg := sprintf("%s would be created by a terminate", [r.address])
	f := lib.resource_finding(rego.metadata.rule(), r, msg)
}

# METADATA
# title: A service is retired only when nobody subscribes to it
# description: The retire operation of a service is refused while any customer in the catalogue still subscribes to it; each subscription is a finding at its line.
# custom:
#   id: CSM-OPS-005
#   severity: high
#   clauses: ["5.4", "7.1", "9.2"]
#   scenario: S15
#   statements: [controlled-change]
#   remediation: Move or release every subscription to the service first (allocate the replacement, release this one), then retire it.
deny contains f if {
	input.operation == "retire"
	some id, customer in data.csm.customers
	some i, sub in customer.subscriptions
	sub.service == input.service
	msg := sprintf("service %s cannot be retired: customer %s still subscribes (%s, %s)", [input.service, id, sub.option, sub.region])
	f := lib.catalogue_finding(rego.metadata.rule(), msg, {"kind": "customer", "id": id, "path": ["subscriptions", i, "service"]})
}

# METADATA
# title: A retired service is marked retired in the catalogue
# description: The retire operation concerns a service whose catalogue entry has status retired, so the catalogue tells customers it is no longer offered.
# custom:
#   id: CSM-OPS-006
#   severity: medium
#   clauses: ["4.3", "5.4", "9.1"]
#   scenario: S15
#   statements: [controlled-change]
#   remediation: Set status retired in the service's catalogue entry in the same pull request.
deny contains f if {
	input.operation == "retire"
	status := data.csm.services[input.service].status
	status != "retired"
	msg := sprintf("service %s is %s in the catalogue, not retired", [input.service, status])
	f := lib.catalogue_finding(rego.metadata.rule(), msg, lib.service_source(input.service, ["status"]))
}

# Whose a removed resource is: its csm:service tag. Resources AWS cannot tag (a role policy) and those of the
# tenancy as a whole (a pool's capacity alarm) carry none; of these only the tenancy's data stores are guarded.
foreign_to_retire(r) if {
	r.service != null
	r.service != input.service
}

foreign_to_retire(r) if {
	r.service == null
	lib.data_bearing(r)
}

# METADATA
# title: Retiring a service removes only that service's resources
# description: In a retire, no resource the plan deletes or replaces may carry another service's csm:service tag, nor be a data store of the tenancy itself (untagged by service); the tenancy and other services stay.
# custom:
#   id: CSM-OPS-007
#   severity: high
#   clauses: ["9.2", "5.4", "6.3"]
#   scenario: S15
#   statements: [controlled-change]
#   remediation: Split the change; retire the service alone, and change other subscriptions through allocate, release or terminate.
deny contains f if {
	input.operation == "retire"
	some r in destroyed
	foreign_to_retire(r)
	msg := sprintf("%s (service %v) would be removed by the retire of %s", [r.address, r.service, input.service])
	f := lib.resource_finding(rego.metadata.rule(), r, msg)
}

# METADATA
# title: A transfer copies or hands over data, never destroys it
# description: In a transfer, a data-bearing resource is neither deleted nor replaced unless a removed block with destroy = false hands it over.
# custom:
#   id: CSM-OPS-008
#   severity: high
#   clauses: ["6.3", "6.6", "9.2", "5.4"]
#   scenario: S14
#   statements: [protect-customer-data]
#   remediation: Hand the resource over with a removed block (lifecycle destroy = false), or keep it until the target confirms the copy.
deny contains f if {
	input.operation == "transfer"
	some r in destroyed
	lib.data_bearing(r)
	msg := sprintf("%s (%s, holds data) would be destroyed by the transfer", [r.address, r.type])
	f := lib.resource_finding(rego.metadata.rule(), r, msg)
}

target_principal := sprintf("arn:aws:iam::%s:root", [transfer.target.account_id])

# Principals outside the agreed target that a transfer resource grants to.
foreign_grant(r) := r.values.grantee_principal if {
	r.type == "aws_kms_grant"
	r.values.grantee_principal != target_principal
}

foreign_grant(r) := account if {
	r.type in {"aws_db_snapshot", "aws_db_snapshot_copy"}
	some account in object.get(r.values, "shared_accounts", [])
	account != transfer.target.account_id
}

foreign_grant(r) := principal if {
	r.type == "aws_iam_role"
	r.scenario == "S14"
	some statement in json.unmarshal(r.values.assume_role_policy).Statement
	some principal in principals(statement)
	principal != target_principal
}

principals(statement) := [p | some p in statement.Principal.AWS] if is_array(statement.Principal.AWS)

principals(statement) := [statement.Principal.AWS] if is_string(statement.Principal.AWS)

# METADATA
# title: Transfer grants go to the agreed target account only
# description: KMS grants, shared snapshots and the transfer role a transfer creates name no principal or account other than agreement.transfer.target.accountId.
# custom:
#   id: CSM-OPS-009
#   severity: high
#   clauses: ["6.6", "7.2", "9.2"]
#   scenario: S14
#   statements: [protect-customer-data]
#   remediation: Grant to the target account the agreement names (agreement.transfer.target.accountId), nobody else.
deny contains f if {
	input.operation == "transfer"
	some r in lib.live
	who := foreign_grant(r)
	msg := sprintf("%s grants to %s, not to the agreed target account %s", [r.address, who, transfer.target.account_id])
	f := lib.resource_finding_from(rego.metadata.rule(), r, msg, lib.customer_source(["agreement", "transfer", "target", "accountId"]))
}

# METADATA
# title: A transfer's grants stay until the target confirmed it holds the data
# description: While agreement.transfer is recorded without confirmed, no operation other than the transfer itself removes what the transfer created (resources tagged csm:scenario S14).
# custom:
#   id: CSM-OPS-014
#   severity: high
#   clauses: ["5.4", "6.3", "7.1", "9.2"]
#   scenario: S14
#   statements: [protect-customer-data, continuity]
#   remediation: Plan the change with the transfer in the agreement (csm plan transfer), or record agreement.transfer.confirmed first.
deny contains f if {
	input.operation != "transfer"
	transfer.confirmed == null
	some r in destroyed
	r.scenario == "S14"
	msg := sprintf("%s (created for the transfer requested %s) would be removed before the target confirmed the transfer", [r.address, transfer.requested])
	f := lib.resource_finding_from(rego.metadata.rule(), r, msg, lib.customer_source(["agreement", "transfer"]))
}

# The transfer's target region is not one the agreement lists, or is missing (a negated
# `transfer.target.region in ...` would be undefined, not true, for a missing region: OPA evaluates the ref first).
outside_residency if not target_in_residency

target_in_residency if transfer.target.region in lib.agreement.dataResidency

target_region := object.get(transfer, ["target", "region"], "(none)")

# METADATA
# title: Data transferred to another provider stays within the agreed residency
# description: A transfer to another provider targets a region listed in agreement.dataResidency; the residency obligation moves with the data.
# custom:
#   id: CSM-OPS-010
#   severity: high
#   clauses: ["6.6", "7.1", "7.2"]
#   scenario: S14
#   statements: [protect-customer-data]
#   remediation: Choose a target region within agreement.dataResidency, or amend the agreement with the customer first.
deny contains f if {
	input.operation == "transfer"
	transfer.to == "provider"
	outside_residency
	msg := sprintf("customer %s: transfer to region %s, outside the agreed residency %v", [input.customer, target_region, lib.agreement.dataResidency])
	f := lib.catalogue_finding(rego.metadata.rule(), msg, lib.customer_source(["agreement", "transfer", "target", "region"]))
}

# METADATA
# title: Data returned to the customer outside the agreed residency is pointed out
# description: Warns when a transfer back to the customer targets a region outside agreement.dataResidency; the customer may choose so, the provider should have it in writing.
# custom:
#   id: CSM-OPS-011
#   severity: low
#   clauses: ["6.6", "7.1"]
#   scenario: S14
#   statements: [protect-customer-data]
#   remediation: Confirm the target region with the customer in writing, or pick a region within agreement.dataResidency.
warn contains f if {
	input.operation == "transfer"
	transfer.to == "customer"
	outside_residency
	msg := sprintf("customer %s: data returns to region %s, outside the agreed residency %v", [input.customer, target_region, lib.agreement.dataResidency])
	f := lib.catalogue_finding(rego.metadata.rule(), msg, lib.customer_source(["agreement", "transfer", "target", "region"]))
}

# METADATA
# title: Resources are not allocated to a customer whose contract is ending
# description: Warns when an allocate runs for a customer whose agreement records a termination.
# custom:
#   id: CSM-OPS-012
#   severity: medium
#   clauses: ["7.1", "6.4", "6.5"]
#   scenario: S11
#   statements: [capacity-before-commitment]
#   remediation: Confirm the allocation with the customer, as its termination is recorded.
warn contains f if {
	input.operation == "allocate"
	recorded
	msg := sprintf("customer %s: allocation after the termination recorded on %s (effective %s)", [input.customer, recorded.date, recorded.effective])
	f := lib.catalogue_finding(rego.metadata.rule(), msg, lib.customer_source(["agreement", "termination", "recorded"]))
}

cost_moves := {"allocate": 1, "release": -1}

# METADATA
# title: An allocate adds and a release frees
# description: Warns when the monthly cost moves against the operation's name (an allocate that lowers it, a release that raises it), so the change is reviewed as what it is.
# custom:
#   id: CSM-OPS-013
#   severity: low
#   clauses: ["9.2", "6.4"]
#   scenario: S11
#   statements: [controlled-change]
#   remediation: Plan the change as the operation it is (allocate when it adds, release when it frees).
warn contains f if {
	sign := cost_moves[input.operation]
	delta := input.lifecycle.cost.delta
	delta * sign < 0
	msg := sprintf("customer %s: %s changes the monthly cost by %v", [input.customer, input.operation, delta])
	f := lib.catalogue_finding(rego.metadata.rule(), msg, lib.customer_source(["subscriptions"]))
}
