# The one decision a gate asks for: every package's findings, denials and warnings, in a stable order so the
# same change gives the same output byte for byte (evidence, diffs, SARIF). A new package is added here.
package csm.gate

import rego.v1

# A comprehension over a package without warn (or deny) rules is empty, where a plain reference would be undefined.
all_deny := ((((({f | some f in data.csm.agreement.deny} | {f | some f in data.csm.security.deny}) | {f | some f in data.csm.capacity.deny}) | {f | some f in data.csm.lifecycle.deny}) | {f | some f in data.csm.operations.deny}) | {f | some f in data.csm.governance.deny}) | {f | some f in data.csm.design.deny}

all_warn := ((((({f | some f in data.csm.agreement.warn} | {f | some f in data.csm.security.warn}) | {f | some f in data.csm.capacity.warn}) | {f | some f in data.csm.lifecycle.warn}) | {f | some f in data.csm.operations.warn}) | {f | some f in data.csm.governance.warn}) | {f | some f in data.csm.design.warn}

# Sorted by (id, resource); the message breaks ties between findings of one rule on one subject.
ordered(findings) := [f |
	some key in sort({[x.id, x.resource, x.message] | some x in findings})
	some f in findings
	[f.id, f.resource, f.message] == key
]

decision := {"deny": ordered(all_deny), "warn": ordered(all_warn)}
