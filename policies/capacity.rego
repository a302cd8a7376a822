# Capacity (6.5): what a customer subscribes to stays within each service's per-customer quota, and what all
# customers subscribe to stays within each shared pool, with a warning before the pool runs out (S10, S11).
package csm.capacity

import rego.v1

import data.csm.lib

usage := data.csm.ledger.customers[input.customer].by_service

unit(service) := object.get(data.csm.services[service].capacity, "unit", "units")

# METADATA
# title: Subscriptions stay within the per-customer quota
# description: The capacity units a customer subscribes to of one service (ledger.customers[c].by_service[s].units) must not exceed the service's perCustomerQuota.
# custom:
#   id: CSM-CAP-001
#   severity: high
#   clauses: ["6.5", "4.4"]
#   scenario: S11
#   statements: [capacity-before-commitment]
#   remediation: Lower the subscription's quantity, or raise the service's perCustomerQuota after checking the pool can take it.
deny contains f if {
	some service, used in usage
	used.units > used.quota
	# The subscription raised last is the one to point at: the highest index subscribing to the service.
	i := max([j | some j, sub in lib.customer.subscriptions; sub.service == service])
	msg := sprintf("customer %s subscribes %v %s of %s, above the per-customer quota of %v", [input.customer, used.units, unit(service), service, used.quota])
	f := lib.catalogue_finding(rego.metadata.rule(), msg, lib.customer_source(["subscriptions", i, "quantity"]))
}

# The pools this evaluation concerns: those the customer draws on, or the retired service's pool.
concerned contains name if {
	some name, pool in data.csm.ledger.pools
	pool.by_customer[input.customer] > 0
}

concerned contains name if {
	some name, pool in data.csm.ledger.pools
	input.service in pool.services
}

# The catalogue field that sizes a pool: poolSize of (the first of) the customer's services drawing on it.
pool_source(pool) := lib.service_source(min(mine), ["capacity", "poolSize"]) if {
	mine := {s | some s in pool.services; usage[s]}
	count(mine) > 0
} else := lib.service_source(min(pool.services), ["capacity", "poolSize"])

percent(pool) := round((pool.used * 1000) / pool.size) / 10

# METADATA
# title: Shared pools are not overcommitted
# description: The units all customers subscribe to from a capacity pool (ledger.pools[p].used) must not exceed its size.
# custom:
#   id: CSM-CAP-002
#   severity: high
#   clauses: ["6.5", "4.4"]
#   scenario: S11
#   statements: [capacity-before-commitment]
#   remediation: Grow the pool (capacity.poolSize of its services) before subscribing more, or release capacity elsewhere.
deny contains f if {
	some name in concerned
	pool := data.csm.ledger.pools[name]
	pool.used > pool.size
	msg := sprintf("pool %s is overcommitted: %v of %v %s subscribed (%v%%)", [name, pool.used, pool.size, pool.unit, percent(pool)])
	f := lib.catalogue_finding(rego.metadata.rule(), msg, pool_source(pool))
}

# METADATA
# title: Shared pools warn before they run out
# description: Warns when a pool's subscribed units reach its warn_at_percent (default 80) of its size, while it is not yet overcommitted.
# custom:
#   id: CSM-CAP-003
#   severity: medium
#   clauses: ["6.5", "4.4"]
#   scenario: S10
#   statements: [capacity-before-commitment]
#   remediation: Plan to grow the pool before the next allocations.
warn contains f if {
	some name in concerned
	pool := data.csm.ledger.pools[name]
	threshold := object.get(pool, "warn_at_percent", 80)
	pool.used * 100 >= pool.size * threshold
	pool.used <= pool.size
	msg := sprintf("pool %s is at %v%% (%v of %v %s), at or above its warning threshold of %v%%", [name, percent(pool), pool.used, pool.size, pool.unit, threshold])
	f := lib.catalogue_finding(rego.metadata.rule(), msg, pool_source(pool))
}
