# The one decision a gate asks for: every package's findings, denials and warnings, in a stable order so the
# same change gives the same output byte for byte (evidence, diffs, SARIF). A new package is added here.
package csm.gate

import rego.v1

# A comprehension over a package without warn (or deny) rules is empty, where a plain reference would be undefined.
house_deny := ((({f | some f in data.csm.agreement.deny} | {f | some f in data.csm.security.deny}) | {f | some f in data.csm.capacity.deny}) | {f | some f in data.csm.lifecycle.deny}) | {f | some f in data.csm.operations.deny}

house_warn := ((({f | some f in data.csm.agreement.warn} | {f | some f in data.csm.security.warn}) | {f | some f in data.csm.capacity.warn}) | {f | some f in data.csm.lifecycle.warn}) | {f | some f in data.csm.operations.warn}

# The generic AWS pack, one check per package under policies/aws/<service>/, and the plan's own facts
# (policies/plan/): every check added there is part of the gate without being listed here.
pack_deny := {f | some f in data.csm.aws[_][_].deny} | {f | some f in data.csm.plan[_].deny}

pack_warn := {f | some f in data.csm.aws[_][_].warn} | {f | some f in data.csm.plan[_].warn}

all_deny := house_deny | pack_deny

all_warn := house_warn | pack_warn

# Sorted by (id, resource); the message breaks ties between findings of one rule on one subject.
ordered(findings) := [by_key[key] | some key in sort(object.keys(by_key))] if {
	by_key := {[x.id, x.resource, x.message]: x | some x in findings}
}

decision := {"deny": ordered(all_deny), "warn": ordered(all_warn)}
