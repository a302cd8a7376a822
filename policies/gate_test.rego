package csm.gate_test

import rego.v1

import data.csm.fixtures as fx
import data.csm.gate

decision_for(resources, ledger) := d if {
	d := gate.decision with input as fx.stack_input(resources) with data.csm.services as fx.services with data.csm.customers as fx.customers with data.csm.ledger as ledger
}

test_compliant_stack_passes_the_gate if {
	decision_for(fx.good, fx.ledger) == {"deny": [], "warn": []}
}

test_findings_of_every_package_sorted_by_id_then_resource if {
	resources := fx.changed("aws_db_instance.db", {"publicly_accessible": true, "deletion_protection": false, "multi_az": false})
	ledger := fx.ledger_with({"customers": {"t": {"monthly_cost": 950}}, "pools": {"db": {"used": 41}}})
	d := decision_for(resources, ledger)
	[f.id | some f in d.deny] == ["CSM-AGR-003", "CSM-CAP-002", "CSM-SEC-004", "CSM-SEC-012"]
	[f.id | some f in d.warn] == ["CSM-AGR-007"]
}

test_same_rule_on_two_resources_ordered_by_address if {
	second := object.union(fx.db, {"address": "aws_db_instance.a", "name": "a"})
	resources := fx.changed("aws_db_instance.db", {"publicly_accessible": true})
	d := decision_for(array.concat(resources, [object.union(second, {"values": {"publicly_accessible": true}})]), fx.ledger)
	[f.resource | some f in d.deny; f.id == "CSM-SEC-004"] == ["aws_db_instance.a", "aws_db_instance.db"]
}

test_every_finding_has_the_contract_fields if {
	resources := fx.changed("aws_db_instance.db", {"publicly_accessible": true})
	d := decision_for(resources, fx.ledger_with({"customers": {"t": {"monthly_cost": 2000}}}))
	count(d.deny) == 2
	every f in d.deny {
		object.keys(f) == {"id", "severity", "message", "resource", "construct_path", "clauses", "scenario", "remediation", "source"}
		f.scenario == "S08"
	}
}
