# Test fixtures of the generic AWS pack (no tests here): resources in the view's shape (src/view/resource.ts) and
# the input of a plan made elsewhere. Named *_test.rego so the bundle leaves it out.
package csm.fixtures.aws

import rego.v1

res(type, name, values) := {
	"address": sprintf("%s.%s", [type, name]), "type": type, "name": name, "module": null, "index": null,
	"construct_path": null, "region": "eu-west-1", "action": "create", "values": values, "before": null,
	"tags": {}, "customer": null, "service": null, "scenario": null, "clauses": [], "drift": null, "importing": false,
}

# The input of `csm check --plan-json` on a plan csm did not make (operation `plan`).
plan_input(resources) := {
	"gate": "plan", "operation": "plan", "scenario": "S09", "stack": "plan", "customer": null, "service": null,
	"now": "2026-11-25T17:00:00Z", "resources": resources, "removals": [], "data_sources": [], "lifecycle": {},
}

with_data_sources(resources, data_sources) := object.union(plan_input(resources), {"data_sources": data_sources})

# A resource of a csm stack: tagged by csm, judged by the house rules where they own a problem.
own(r) := object.union(r, {"tags": {"csm:managed-by": "csm"}})

ids(findings) := {f.id | some f in findings}

of(findings, id) := [f | some f in findings; f.id == id]
