package csm.agreement_test

import rego.v1

import data.csm.agreement
import data.csm.fixtures as fx

good_input := fx.stack_input(fx.good)

test_compliant_stack_has_no_agreement_findings if {
	count(agreement.deny) == 0 with input as good_input with data.csm.services as fx.services with data.csm.customers as fx.customers with data.csm.ledger as fx.ledger
	count(agreement.warn) == 0 with input as good_input with data.csm.services as fx.services with data.csm.customers as fx.customers with data.csm.ledger as fx.ledger
}

# CSM-AGR-001
test_agr_001_offered_tier_passes if {
	not "CSM-AGR-001" in fx.ids(agreement.deny) with input as good_input with data.csm.services as fx.services with data.csm.customers as fx.customers_with({"slaTiers": {"object-storage": "premium"}}) with data.csm.ledger as fx.ledger
}

test_agr_001_unoffered_tier_denied if {
	found := fx.of(agreement.deny, "CSM-AGR-001") with input as good_input with data.csm.services as fx.services with data.csm.customers as fx.customers_with({"slaTiers": {"object-storage": "gold"}}) with data.csm.ledger as fx.ledger
	[f] := found
	f.source == {"kind": "customer", "id": "t", "path": ["agreement", "slaTiers", "object-storage"]}
	f.clauses == ["6.1", "7.1"]
	contains(f.message, "\"gold\"")
	contains(f.message, "[premium, standard]")
}

# CSM-AGR-002
test_agr_002_every_subscription_tiered_passes if {
	not "CSM-AGR-002" in fx.ids(agreement.deny) with input as good_input with data.csm.services as fx.services with data.csm.customers as fx.customers with data.csm.ledger as fx.ledger
}

test_agr_002_untiered_subscription_denied if {
	cat := fx.customers_with_tiers({"managed-postgres": "premium"})
	[f] := fx.of(agreement.deny, "CSM-AGR-002") with input as good_input with data.csm.services as fx.services with data.csm.customers as cat with data.csm.ledger as fx.ledger
	f.source.path == ["subscriptions", 1, "service"]
}

# CSM-AGR-003
test_agr_003_standard_tier_single_zone_passes if {
	resources := fx.changed("aws_db_instance.db", {"multi_az": false})
	not "CSM-AGR-003" in fx.ids(agreement.deny) with input as fx.stack_input(resources) with data.csm.services as fx.services with data.csm.customers as fx.customers_with({"slaTiers": {"managed-postgres": "standard"}}) with data.csm.ledger as fx.ledger
}

test_agr_003_premium_single_zone_denied if {
	resources := fx.changed("aws_db_instance.db", {"multi_az": false})
	[f] := fx.of(agreement.deny, "CSM-AGR-003") with input as fx.stack_input(resources) with data.csm.services as fx.services with data.csm.customers as fx.customers with data.csm.ledger as fx.ledger
	f.resource == "aws_db_instance.db"
	f.construct_path == "onboard-t/db"
	f.source.path == ["agreement", "slaTiers", "managed-postgres"]
	contains(f.message, "99.95%")
}

# CSM-AGR-004
test_agr_004_long_rpo_one_day_passes if {
	resources := fx.changed("aws_db_instance.db", {"backup_retention_period": 1})
	not "CSM-AGR-004" in fx.ids(agreement.deny) with input as fx.stack_input(resources) with data.csm.services as fx.services with data.csm.customers as fx.customers_with({"slaTiers": {"managed-postgres": "standard"}}) with data.csm.ledger as fx.ledger
}

test_agr_004_tight_rpo_short_retention_denied if {
	resources := fx.changed("aws_db_instance.db", {"backup_retention_period": 6})
	[f] := fx.of(agreement.deny, "CSM-AGR-004") with input as fx.stack_input(resources) with data.csm.services as fx.services with data.csm.customers as fx.customers with data.csm.ledger as fx.ledger
	contains(f.message, "needs at least 7")
}

test_agr_004_no_backups_denied_on_any_tier if {
	resources := fx.changed("aws_db_instance.db", {"backup_retention_period": 0})
	[f] := fx.of(agreement.deny, "CSM-AGR-004") with input as fx.stack_input(resources) with data.csm.services as fx.services with data.csm.customers as fx.customers_with({"slaTiers": {"managed-postgres": "standard"}}) with data.csm.ledger as fx.ledger
	contains(f.message, "needs at least 1")
}

test_agr_004_database_of_no_agreed_service_still_needs_backups if {
	untagged := object.union(fx.db, {"service": null, "values": {"backup_retention_period": 0}})
	resources := fx.replaced(fx.good, "aws_db_instance.db", untagged)
	[f] := fx.of(agreement.deny, "CSM-AGR-004") with input as fx.stack_input(resources) with data.csm.services as fx.services with data.csm.customers as fx.customers with data.csm.ledger as fx.ledger
	f.source == null
	contains(f.message, "any RPO needs at least 1")
}

# CSM-AGR-005
test_agr_005_second_agreed_region_passes if {
	resources := fx.replaced(fx.good, "aws_vpc.vpc", object.union(fx.res("aws_vpc", "vpc", {}), {"region": "eu-west-1"}))
	not "CSM-AGR-005" in fx.ids(agreement.deny) with input as fx.stack_input(resources) with data.csm.services as fx.services with data.csm.customers as fx.customers with data.csm.ledger as fx.ledger
}

test_agr_005_outside_residency_denied if {
	resources := fx.replaced(fx.good, "aws_vpc.vpc", object.union(fx.res("aws_vpc", "vpc", {}), {"region": "us-east-1"}))
	[f] := fx.of(agreement.deny, "CSM-AGR-005") with input as fx.stack_input(resources) with data.csm.services as fx.services with data.csm.customers as fx.customers with data.csm.ledger as fx.ledger
	f.resource == "aws_vpc.vpc"
	f.source.path == ["agreement", "dataResidency"]
}

# An agreement that lists no residency keeps nothing inside it (was a negated `r.region in ...`, which OPA
# evaluates to undefined when dataResidency is missing).
test_agr_005_no_agreed_residency_denied if {
	no_residency := {"t": object.union(object.remove(fx.customer, ["agreement"]), {"agreement": object.remove(fx.agreement, ["dataResidency"])})}
	ids := fx.ids(agreement.deny) with input as fx.stack_input(fx.good) with data.csm.services as fx.services with data.csm.customers as no_residency with data.csm.ledger as fx.ledger
	"CSM-AGR-005" in ids
}

test_agr_005_deleting_outside_residency_passes if {
	gone := object.union(fx.res("aws_vpc", "vpc", {}), {"region": "us-east-1", "action": "delete"})
	resources := fx.replaced(fx.good, "aws_vpc.vpc", gone)
	not "CSM-AGR-005" in fx.ids(agreement.deny) with input as fx.stack_input(resources) with data.csm.services as fx.services with data.csm.customers as fx.customers with data.csm.ledger as fx.ledger
}

# CSM-AGR-006 and CSM-AGR-007
test_agr_006_at_cap_passes_with_warning if {
	led := fx.ledger_with({"customers": {"t": {"monthly_cost": 1000}}})
	not "CSM-AGR-006" in fx.ids(agreement.deny) with input as good_input with data.csm.services as fx.services with data.csm.customers as fx.customers with data.csm.ledger as led
	[w] := fx.of(agreement.warn, "CSM-AGR-007") with input as good_input with data.csm.services as fx.services with data.csm.customers as fx.customers with data.csm.ledger as led
	w.source.path == ["agreement", "budgetCap"]
	contains(w.message, "100%")
}

test_agr_006_over_cap_denied if {
	led := fx.ledger_with({"customers": {"t": {"monthly_cost": 1000.5}}})
	[f] := fx.of(agreement.deny, "CSM-AGR-006") with input as good_input with data.csm.services as fx.services with data.csm.customers as fx.customers with data.csm.ledger as led
	f.source == {"kind": "customer", "id": "t", "path": ["agreement", "budgetCap"]}
	f.clauses == ["6.4", "7.1"]
	contains(f.message, "1000.5 EUR")
	count(fx.of(agreement.warn, "CSM-AGR-007")) == 0 with input as good_input with data.csm.services as fx.services with data.csm.customers as fx.customers with data.csm.ledger as led
}

test_agr_007_below_ninety_percent_no_warning if {
	led := fx.ledger_with({"customers": {"t": {"monthly_cost": 900}}})
	count(agreement.warn) == 0 with input as good_input with data.csm.services as fx.services with data.csm.customers as fx.customers with data.csm.ledger as led
}

test_agr_007_above_ninety_percent_warns if {
	led := fx.ledger_with({"customers": {"t": {"monthly_cost": 901}}})
	[w] := fx.of(agreement.warn, "CSM-AGR-007") with input as good_input with data.csm.services as fx.services with data.csm.customers as fx.customers with data.csm.ledger as led
	w.severity == "medium"
}

# CSM-AGR-008
test_agr_008_notice_passes if {
	not "CSM-AGR-008" in fx.ids(agreement.deny) with input as good_input with data.csm.services as fx.services with data.csm.customers as fx.customers_with({"termination": {"noticeDays": 1}}) with data.csm.ledger as fx.ledger
}

test_agr_008_zero_notice_denied if {
	[f] := fx.of(agreement.deny, "CSM-AGR-008") with input as good_input with data.csm.services as fx.services with data.csm.customers as fx.customers_with({"termination": {"noticeDays": 0}}) with data.csm.ledger as fx.ledger
	f.source.path == ["agreement", "termination", "noticeDays"]
}

# CSM-AGR-009
test_agr_009_waived_export_passes if {
	cat := fx.customers_with({"termination": {"exit": {"dataExport": "none"}}, "exceptions": ["no-data-export: customer keeps replicas"]})
	not "CSM-AGR-009" in fx.ids(agreement.deny) with input as good_input with data.csm.services as fx.services with data.csm.customers as cat with data.csm.ledger as fx.ledger
}

test_agr_009_no_export_denied if {
	cat := fx.customers_with({"termination": {"exit": {"dataExport": "none"}}, "exceptions": ["something else"]})
	[f] := fx.of(agreement.deny, "CSM-AGR-009") with input as good_input with data.csm.services as fx.services with data.csm.customers as cat with data.csm.ledger as fx.ledger
	f.source.path == ["agreement", "termination", "exit", "dataExport"]
}

# CSM-AGR-010
test_agr_010_retention_passes if {
	not "CSM-AGR-010" in fx.ids(agreement.deny) with input as good_input with data.csm.services as fx.services with data.csm.customers as fx.customers_with({"termination": {"exit": {"retentionDays": 1}}}) with data.csm.ledger as fx.ledger
}

test_agr_010_zero_retention_denied if {
	[f] := fx.of(agreement.deny, "CSM-AGR-010") with input as good_input with data.csm.services as fx.services with data.csm.customers as fx.customers_with({"termination": {"exit": {"retentionDays": 0}}}) with data.csm.ledger as fx.ledger
	f.source.path == ["agreement", "termination", "exit", "retentionDays"]
}

# A service-wide operation (retire) has no customer: agreement rules have nothing to read and stay silent.
test_no_customer_no_agreement_findings if {
	cat := fx.customers_with({"termination": {"noticeDays": 0}})
	count(agreement.deny) == 0 with input as object.union(good_input, {"customer": null}) with data.csm.services as fx.services with data.csm.customers as cat with data.csm.ledger as fx.ledger
}
