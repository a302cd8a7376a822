# The cloud service agreement (S07), enforced on what is built for it (S08-S15): SLA tiers the catalogue
# offers, availability and recovery the tier promises, data residency, the budget cap, and exit terms.
package csm.agreement

import rego.v1

import data.csm.lib

# METADATA
# title: The agreed SLA tier is offered by the service
# description: Every tier named under agreement.slaTiers must be one of the tiers the service's catalogue entry offers; otherwise nothing defines the targets the provider has agreed to meet.
# custom:
#   id: CSM-AGR-001
#   severity: high
#   clauses: ["6.1", "7.1"]
#   scenario: S07
#   statements: [agreed-service-levels]
#   remediation: Choose one of the tiers the service offers under agreement.slaTiers, or add the tier to the service's catalogue entry first.
deny contains f if {
	some service, tier in lib.agreement.slaTiers
	offered := {t.id | some t in data.csm.services[service].slaTiers}
	not tier in offered
	msg := sprintf("customer %s agrees SLA tier %q for %s, which offers only [%s]", [input.customer, tier, service, concat(", ", sort(offered))])
	f := lib.catalogue_finding(rego.metadata.rule(), msg, lib.customer_source(["agreement", "slaTiers", service]))
}

# METADATA
# title: Every subscribed service has an agreed SLA tier
# description: A subscription without an agreed tier has no service level to manage or report against.
# custom:
#   id: CSM-AGR-002
#   severity: high
#   clauses: ["6.1", "7.1"]
#   scenario: S07
#   statements: [agreed-service-levels]
#   remediation: Add the service under agreement.slaTiers with one of its offered tiers.
deny contains f if {
	some i, sub in lib.customer.subscriptions
	not lib.agreement.slaTiers[sub.service]
	msg := sprintf("customer %s subscribes to %s (subscription %d) without an agreed SLA tier", [input.customer, sub.service, i])
	f := lib.catalogue_finding(rego.metadata.rule(), msg, lib.customer_source(["subscriptions", i, "service"]))
}

# METADATA
# title: Availability of 99.95% or more runs databases in two zones
# description: A single-zone database cannot meet an availability target of 99.95% or above (a zone outage or maintenance alone exceeds the allowance), so such tiers require multi_az on aws_db_instance.
# custom:
#   id: CSM-AGR-003
#   severity: high
#   clauses: ["6.1", "6.3", "7.1"]
#   scenario: S08
#   statements: [agreed-service-levels, continuity]
#   remediation: Set multi_az = true on the instance (ManagedPostgres multiAz), or agree a tier below 99.95%.
deny contains f if {
	some r in lib.live_of_type("aws_db_instance")
	lib.own(r)
	tier := lib.agreed_tier(r.service)
	tier.availability >= 99.95
	object.get(r.values, "multi_az", false) != true
	msg := sprintf("%s: customer %s's %s tier of %s promises %v%% availability, which needs multi_az = true (it is %v)", [r.address, input.customer, tier.id, r.service, tier.availability, object.get(r.values, "multi_az", null)])
	f := lib.resource_finding_from(rego.metadata.rule(), r, msg, lib.customer_source(["agreement", "slaTiers", r.service]))
}

# Automated backups are what point-in-time recovery restores from, so any RPO needs them (retention >= 1 day).
# An RPO of an hour or less is a promise that recent data survives; csm also asks for a week of restore points
# then, so a logical corruption noticed days later can still be rolled back to before it happened.
# 1 day where no tier with an RPO of an hour or less is agreed, the resource's service included. (Not written as
# `not lib.agreed_tier(r.service).rpoMinutes <= 60`: OPA evaluates the call before the negation, so for a
# service without an agreed tier that expression is undefined, not true.)
needed_backup_days(r) := 7 if lib.agreed_tier(r.service).rpoMinutes <= 60
else := 1

rpo_text(r) := sprintf("the agreed RPO of %v minutes", [lib.agreed_tier(r.service).rpoMinutes]) if lib.agreed_tier(r.service)
else := "any RPO"

# The agreed tier that set the requirement; none when the resource names no service with an agreed tier.
tier_source(r) := lib.customer_source(["agreement", "slaTiers", r.service]) if lib.agreed_tier(r.service)
else := null

# A retention known only after apply cannot be shown to meet the RPO: it fails, and the message says why.
keeps_enough(kept, needed) if {
	is_number(kept)
	kept >= needed
}

# METADATA
# title: Database backups are kept long enough for the agreed RPO
# description: backup_retention_period on aws_db_instance must be at least 1 day for every tier, and at least 7 days where the agreed tier's RPO is 60 minutes or less.
# custom:
#   id: CSM-AGR-004
#   severity: high
#   clauses: ["6.1", "6.3", "7.1"]
#   scenario: S08
#   statements: [agreed-service-levels, continuity]
#   remediation: Raise backup_retention_period (ManagedPostgres backupRetentionDays) to at least the days the finding names.
deny contains f if {
	some r in lib.live_of_type("aws_db_instance")
	lib.own(r)
	kept := object.get(r.values, "backup_retention_period", 0)
	needed := needed_backup_days(r)
	not keeps_enough(kept, needed)
	msg := sprintf("%s keeps backups %s days; %s needs at least %d", [r.address, lib.show(kept), rpo_text(r), needed])
	f := lib.resource_finding_from(rego.metadata.rule(), r, msg, tier_source(r))
}

# A region the agreement's dataResidency lists (undefined when it lists none: the residency rule then denies).
in_residency(region) if region in lib.agreement.dataResidency

# METADATA
# title: Every resource stays in the agreed data residency
# description: The region of every resource the change creates or keeps must be listed in the agreement's dataResidency.
# custom:
#   id: CSM-AGR-005
#   severity: high
#   clauses: ["6.6", "7.1"]
#   scenario: S08
#   statements: [protect-customer-data]
#   remediation: Place the subscription in a region listed under agreement.dataResidency, or amend the agreement first.
deny contains f if {
	some r in lib.live
	is_string(r.region)
	not in_residency(r.region)
	msg := sprintf("%s is placed in %s, outside customer %s's agreed data residency [%s]", [r.address, r.region, input.customer, concat(", ", object.get(lib.agreement, "dataResidency", []))])
	f := lib.resource_finding_from(rego.metadata.rule(), r, msg, lib.customer_source(["agreement", "dataResidency"]))
}

monthly_cost := data.csm.ledger.customers[input.customer].monthly_cost

currency := object.get(data.csm.ledger.customers[input.customer], "currency", "")

# METADATA
# title: Monthly cost stays within the agreed budget cap
# description: The monthly cost of the customer's subscriptions, as the ledger sums it from the catalogue's prices, must not exceed agreement.budgetCap.
# custom:
#   id: CSM-AGR-006
#   severity: high
#   clauses: ["6.4", "7.1"]
#   scenario: S11
#   statements: [charges-within-agreement]
#   remediation: Reduce the subscriptions, or agree a higher budgetCap with the customer before the change.
deny contains f if {
	cap := lib.agreement.budgetCap
	monthly_cost > cap
	msg := sprintf("customer %s: subscriptions cost %v %s a month, above the agreed budget cap of %v %s", [input.customer, monthly_cost, currency, cap, currency])
	f := lib.catalogue_finding(rego.metadata.rule(), msg, lib.customer_source(["agreement", "budgetCap"]))
}

# METADATA
# title: Monthly cost approaches the agreed budget cap
# description: Warns when the monthly cost is above 90% of agreement.budgetCap but not above it, so the customer can be told before a change is refused.
# custom:
#   id: CSM-AGR-007
#   severity: medium
#   clauses: ["6.4", "7.1"]
#   scenario: S11
#   statements: [charges-within-agreement]
#   remediation: Discuss the budget with the customer before the next allocation.
warn contains f if {
	cap := lib.agreement.budgetCap
	monthly_cost > cap * 0.9
	monthly_cost <= cap
	msg := sprintf("customer %s: subscriptions cost %v %s a month, %v%% of the agreed budget cap of %v %s", [input.customer, monthly_cost, currency, round((monthly_cost * 100) / cap), cap, currency])
	f := lib.catalogue_finding(rego.metadata.rule(), msg, lib.customer_source(["agreement", "budgetCap"]))
}

# METADATA
# title: The agreement states a termination notice period
# description: termination.noticeDays must be greater than zero, so an orderly exit (S13) can be planned before the service ends.
# custom:
#   id: CSM-AGR-008
#   severity: high
#   clauses: ["7.1", "6.1"]
#   scenario: S07
#   statements: [protect-customer-data]
#   remediation: Agree a notice period in days under agreement.termination.noticeDays.
deny contains f if {
	days := object.get(lib.agreement.termination, "noticeDays", 0)
	not days > 0
	msg := sprintf("customer %s's agreement %s has a termination notice of %v days", [input.customer, lib.agreement.id, days])
	f := lib.catalogue_finding(rego.metadata.rule(), msg, lib.customer_source(["agreement", "termination", "noticeDays"]))
}

# An agreement may waive data export on exit with an exception that says so: an entry of agreement.exceptions
# beginning `no-data-export` (e.g. `no-data-export: the customer keeps its own replicas`).
export_waived if {
	some e in object.get(lib.agreement, "exceptions", [])
	startswith(e, "no-data-export")
}

# METADATA
# title: The exit terms return the customer's data
# description: termination.exit.dataExport must name how data goes back to the customer; `none` is accepted only with an agreement exception beginning `no-data-export`.
# custom:
#   id: CSM-AGR-009
#   severity: high
#   clauses: ["7.1", "6.6"]
#   scenario: S07
#   statements: [protect-customer-data]
#   remediation: "Choose customer-bucket, snapshot-share or provider-transfer, or record the waiver under agreement.exceptions as `no-data-export: <reason>`."
deny contains f if {
	lib.agreement.termination.exit.dataExport == "none"
	not export_waived
	msg := sprintf("customer %s's agreement %s exports no data on exit and records no no-data-export exception", [input.customer, lib.agreement.id])
	f := lib.catalogue_finding(rego.metadata.rule(), msg, lib.customer_source(["agreement", "termination", "exit", "dataExport"]))
}

# METADATA
# title: The exit terms keep data for a retention period
# description: termination.exit.retentionDays must be greater than zero, so the customer can still retrieve data after the service ends.
# custom:
#   id: CSM-AGR-010
#   severity: medium
#   clauses: ["7.1", "6.6"]
#   scenario: S07
#   statements: [protect-customer-data]
#   remediation: Agree a retention period in days under agreement.termination.exit.retentionDays.
deny contains f if {
	days := object.get(lib.agreement.termination.exit, "retentionDays", 0)
	not days > 0
	msg := sprintf("customer %s's agreement %s keeps data %v days after exit", [input.customer, lib.agreement.id, days])
	f := lib.catalogue_finding(rego.metadata.rule(), msg, lib.customer_source(["agreement", "termination", "exit", "retentionDays"]))
}
