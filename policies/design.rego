# Design review of a new or changed service (5.1-5.4, S05): a catalogue entry leaves `draft` only with a complete
# design (SLA tiers with their targets and support hours, a capacity pool and quota, an owner, a price for every
# option, its regions), and its construct, synthesized for a sample customer, passes the security rules. Judged
# per service (input.operation "design", input.service), on the sample tenancy csm synthesizes for it.
package csm.design

import rego.v1

import data.csm.lib

reviewing if input.operation == "design"

entry := data.csm.services[input.service]

# What is offered (active) or still serves its customers (deprecated) is reviewed. A draft may be incomplete:
# it is being designed, and nobody can subscribe to it; a retired service is offered to nobody.
under_review if {
	reviewing
	entry.status in {"active", "deprecated"}
}

facts := object.get(input.lifecycle, "design", {})

# How the finding names what is refused: the promotion out of draft, or the status the entry claims.
refused := sprintf("%s cannot move from draft to %s", [input.service, entry.status]) if facts.base_status == "draft"
else := sprintf("%s cannot be %s", [input.service, entry.status])

source(path) := lib.service_source(input.service, path)

# A finding of the calling rule (its METADATA is `meta`) about one gap, at the field that should fill it.
gap_finding(meta, gap) := lib.catalogue_finding(meta, sprintf("%s: %s", [refused, gap.what]), source(gap.path))

missing(obj, fields) := [f | some f in fields; not has(obj, f)]

has(obj, field) if obj[field] != null

# METADATA
# title: An offered service declares SLA tiers with their targets
# description: An active or deprecated service declares at least one entry under slaTiers, and each tier its availability, rpoMinutes and rtoMinutes, so there is a level to agree, monitor and report against.
# custom:
#   id: CSM-DES-001
#   severity: high
#   clauses: ["5.3", "6.1"]
#   scenario: S05
#   statements: [design-before-offer, agreed-service-levels]
#   remediation: Add the SLA tiers the service offers under slaTiers, each with availability (percent), rpoMinutes and rtoMinutes.
deny contains f if {
	under_review
	some gap in sla_gaps
	f := gap_finding(rego.metadata.rule(), gap)
}

# Each rule reports its gaps through one deny body: METADATA annotates the rule it precedes, so a second body
# would carry none. The gaps are collected here, one per missing element, each at the field that should hold it.
sla_gaps contains {"path": ["slaTiers"], "what": "it declares no SLA tiers (slaTiers)"} if count(object.get(entry, "slaTiers", [])) == 0

sla_gaps contains {"path": ["slaTiers", i], "what": sprintf("SLA tier %v has no %s", [object.get(tier, "id", i), concat(", ", gaps)])} if {
	some i, tier in object.get(entry, "slaTiers", [])
	gaps := missing(tier, ["availability", "rpoMinutes", "rtoMinutes"])
	count(gaps) > 0
}

# METADATA
# title: An offered service draws on a capacity pool with a quota
# description: An active or deprecated service names its capacity pool with the pool's size (poolSize) and a perCustomerQuota no larger than the pool, so capacity can be committed and watched (6.5).
# custom:
#   id: CSM-DES-002
#   severity: high
#   clauses: ["5.3", "6.5"]
#   scenario: S05
#   statements: [design-before-offer, capacity-before-commitment]
#   remediation: Complete capacity with pool, unit, poolSize and perCustomerQuota (at most poolSize).
deny contains f if {
	under_review
	some gap in capacity_gaps
	f := gap_finding(rego.metadata.rule(), gap)
}

capacity_gaps contains {"path": ["capacity"], "what": sprintf("its capacity has no %s", [concat(", ", gaps)])} if {
	gaps := missing(object.get(entry, "capacity", {}), ["pool", "poolSize", "perCustomerQuota"])
	count(gaps) > 0
}

capacity_gaps contains {"path": ["capacity", "perCustomerQuota"], "what": msg} if {
	entry.capacity.perCustomerQuota > entry.capacity.poolSize
	msg := sprintf("its per-customer quota of %v is larger than the pool of %v", [entry.capacity.perCustomerQuota, entry.capacity.poolSize])
}

# METADATA
# title: An offered service has an owner and support hours
# description: An active or deprecated service names its owner, and each SLA tier its supportHours, so customers know who answers for the service and when support is there.
# custom:
#   id: CSM-DES-003
#   severity: high
#   clauses: ["5.1", "6.1"]
#   scenario: S05
#   statements: [design-before-offer]
#   remediation: Add owner (name, email, role) and supportHours (business, extended or 24x7) on every SLA tier.
deny contains f if {
	under_review
	some gap in owner_gaps
	f := gap_finding(rego.metadata.rule(), gap)
}

owner_gaps contains {"path": ["owner"], "what": "it names no owner"} if not has(entry, "owner")

owner_gaps contains {"path": ["slaTiers", i], "what": sprintf("SLA tier %v states no supportHours", [object.get(tier, "id", i)])} if {
	some i, tier in object.get(entry, "slaTiers", [])
	not has(tier, "supportHours")
}

# METADATA
# title: An offered service prices every option
# description: An active or deprecated service has at least one option, and every option a pricePerUnitMonth, so charges can be agreed and budgets checked (6.4).
# custom:
#   id: CSM-DES-004
#   severity: high
#   clauses: ["5.3", "6.4"]
#   scenario: S05
#   statements: [design-before-offer, charges-within-agreement]
#   remediation: Set pricePerUnitMonth on every option (in the service's currency).
deny contains f if {
	under_review
	some gap in price_gaps
	f := gap_finding(rego.metadata.rule(), gap)
}

price_gaps contains {"path": ["options"], "what": "it offers no options"} if count(object.get(entry, "options", [])) == 0

price_gaps contains {"path": ["options", i], "what": sprintf("option %v has no price (pricePerUnitMonth)", [object.get(option, "id", i)])} if {
	some i, option in object.get(entry, "options", [])
	not has(option, "pricePerUnitMonth")
}

# METADATA
# title: An offered service names its regions
# description: An active or deprecated service lists at least one region it is offered in, so agreements can state where data stays.
# custom:
#   id: CSM-DES-005
#   severity: high
#   clauses: ["5.3", "7.1"]
#   scenario: S05
#   statements: [design-before-offer, protect-customer-data]
#   remediation: List the regions the service runs in under regions (each one the provider operates).
deny contains f if {
	under_review
	count(object.get(entry, "regions", [])) == 0
	f := lib.catalogue_finding(rego.metadata.rule(), sprintf("%s: it names no regions", [refused]), source(["regions"]))
}

# METADATA
# title: An offered service's construct passes the security rules for a sample customer
# description: The construct a service names, synthesized into a sample customer's tenancy (input.lifecycle.design.sample), meets every information security rule (csm.security) with no denial.
# custom:
#   id: CSM-DES-006
#   severity: high
#   clauses: ["5.3", "5.4", "6.6"]
#   scenario: S05
#   statements: [design-before-offer, protect-customer-data]
#   remediation: Fix the construct (constructs/) until the security denials reported beside this one are gone; the sample tenancy is in cdktf.out/stacks/design-<service>/.
deny contains f if {
	under_review
	ids := {d.id | some d in data.csm.security.deny}
	count(ids) > 0
	msg := sprintf("%s: its construct %v, synthesized for sample customer %s, is denied by %s", [refused, entry.construct, input.customer, concat(", ", sort(ids))])
	f := lib.catalogue_finding(rego.metadata.rule(), msg, source(["construct"]))
}

# METADATA
# title: An offered service's design could be built for a sample customer
# description: An active or deprecated service, with every element above, is synthesized for a sample customer (input.lifecycle.design.sample); when csm could not build it, the design review cannot pass.
# custom:
#   id: CSM-DES-007
#   severity: high
#   clauses: ["5.3", "5.4"]
#   scenario: S05
#   statements: [design-before-offer]
#   remediation: Complete the design (the other CSM-DES findings say what is missing); csm then synthesizes the construct for a sample customer.
deny contains f if {
	under_review
	object.get(facts, "sample", null) == null
	msg := sprintf("%s: its construct %v was not synthesized for a sample customer (%s)", [refused, entry.construct, object.get(facts, "not_built", "the design is incomplete")])
	f := lib.catalogue_finding(rego.metadata.rule(), msg, source(["construct"]))
}
