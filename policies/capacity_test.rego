package csm.capacity_test

import rego.v1

import data.csm.capacity
import data.csm.fixtures as fx

good_input := fx.stack_input(fx.good)

deny_with(ledger) := found if {
	found := capacity.deny with input as good_input with data.csm.services as fx.services with data.csm.customers as fx.customers with data.csm.ledger as ledger
}

warn_with(ledger) := found if {
	found := capacity.warn with input as good_input with data.csm.services as fx.services with data.csm.customers as fx.customers with data.csm.ledger as ledger
}

test_compliant_ledger_has_no_capacity_findings if {
	count(deny_with(fx.ledger)) == 0
	count(warn_with(fx.ledger)) == 0
}

# CSM-CAP-001
test_cap_001_at_quota_passes if {
	ledger := fx.ledger_with({"customers": {"t": {"by_service": {"object-storage": {"units": 10}}}}})
	not "CSM-CAP-001" in fx.ids(deny_with(ledger))
}

test_cap_001_over_quota_denied if {
	ledger := fx.ledger_with({"customers": {"t": {"by_service": {"object-storage": {"units": 11}}}}})
	[f] := fx.of(deny_with(ledger), "CSM-CAP-001")
	f.source == {"kind": "customer", "id": "t", "path": ["subscriptions", 1, "quantity"]}
	f.clauses == ["6.5", "4.4"]
	contains(f.message, "11 TiB of object-storage")
	contains(f.message, "quota of 10")
}

# CSM-CAP-002 and CSM-CAP-003
test_cap_002_full_pool_passes_with_warning if {
	ledger := fx.ledger_with({"pools": {"db": {"used": 40}}})
	not "CSM-CAP-002" in fx.ids(deny_with(ledger))
	[w] := fx.of(warn_with(ledger), "CSM-CAP-003")
	contains(w.message, "100%")
}

test_cap_002_overcommitted_pool_denied if {
	ledger := fx.ledger_with({"pools": {"db": {"used": 41}}})
	[f] := fx.of(deny_with(ledger), "CSM-CAP-002")
	f.source == {"kind": "service", "id": "managed-postgres", "path": ["capacity", "poolSize"]}
	contains(f.message, "41 of 40 vCPU")
	contains(f.message, "102.5%")
	count(warn_with(ledger)) == 0
}

test_cap_002_pool_the_customer_does_not_use_is_not_its_concern if {
	ledger := fx.ledger_with({"pools": {"db": {"used": 41, "by_customer": {"t": 0, "other": 41}}}})
	count(deny_with(ledger)) == 0
}

test_cap_003_below_threshold_no_warning if {
	ledger := fx.ledger_with({"pools": {"storage": {"used": 79}}})
	count(warn_with(ledger)) == 0
}

test_cap_003_custom_threshold_warns if {
	ledger := fx.ledger_with({"pools": {"storage": {"used": 50, "warn_at_percent": 50}}})
	[w] := fx.of(warn_with(ledger), "CSM-CAP-003")
	w.source.id == "object-storage"
	contains(w.message, "threshold of 50%")
}

test_cap_003_retire_concerns_the_service_pool if {
	ledger := fx.ledger_with({"pools": {"storage": {"used": 90}}})
	retire := object.union(fx.input_for("retire", []), {"customer": null, "service": "object-storage"})
	found := capacity.warn with input as retire with data.csm.services as fx.services with data.csm.customers as fx.customers with data.csm.ledger as ledger
	[w] := fx.of(found, "CSM-CAP-003")
	w.scenario == "S08"
}
