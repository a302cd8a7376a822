# Secret-looking literals: what a reviewer must never see in user data or a function's environment. Patterns
# name what was found; a finding never repeats the secret itself.
package csm.lib.secrets

import rego.v1

import data.csm.lib

patterns := {
	"an AWS access key id": `(A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}`,
	"an AWS secret access key": `(?i)aws_?secret_?access_?key["']?\s*[=:]\s*["']?[A-Za-z0-9/+]{40}`,
	"a private key": `-----BEGIN ((RSA|DSA|EC|OPENSSH|PGP|ENCRYPTED) )?PRIVATE KEY( BLOCK)?-----`,
	"a GitHub token": `gh[pousr]_[A-Za-z0-9]{36}`,
	"a Slack token": `xox[baprs]-[0-9A-Za-z-]{10,}`,
	"a password or token assignment": `(?i)(password|passwd|pwd|secret|token|api_?key)["']?\s*[=:]\s*["']?[^\s"'$({]{8,}`,
}

# What kinds of secret a text holds, each with the line it is on.
found_in(text) := [sprintf("%s on line %d", [kind, i + 1]) |
	some i, line in split(text, "\n")
	some kind, pattern in patterns
	regex.match(pattern, line)
]

# Environment variable names that say their value is a credential.
secret_name := `(?i)(password|passwd|secret|token|api_?key|private_?key|credential|access_?key)`

# Values that point at a secret store instead of holding one: ARNs, SSM parameter names, dynamic references.
reference_value(v) if startswith(v, "arn:")

reference_value(v) if startswith(v, "/")

reference_value(v) if startswith(v, "{{resolve:")

# A literal, known at plan, that a variable named like a credential holds, or that looks like one.
secret_variable(name, v) if {
	is_string(v)
	not lib.unknown(v)
	regex.match(secret_name, name)
	not reference_value(v)
	count(v) >= 8
}

secret_variable(name, v) if {
	is_string(v)
	not lib.unknown(v)
	some kind, pattern in patterns
	kind != "a password or token assignment"
	regex.match(pattern, v)
}

# User data as text: instances show it as written (the view reads it back from the configuration when the plan
# holds only its hash); user_data_base64 and launch templates hold it base64-encoded.
user_data_texts(r) := array.concat(plain_user_data(r), encoded_user_data(r))

plain_user_data(r) := [r.values.user_data] if {
	r.type in {"aws_instance", "aws_launch_configuration"}
	is_string(r.values.user_data)
	not lib.unknown(r.values.user_data)
	not regex.match(`^[0-9a-f]{40}$`, r.values.user_data)
} else := []

encoded_user_data(r) := [base64.decode(v) |
	some attribute in encoded_attributes[r.type]
	v := object.get(r.values, attribute, null)
	is_string(v)
	base64.is_valid(v)
]

encoded_attributes := {
	"aws_instance": ["user_data_base64"],
	"aws_launch_configuration": ["user_data_base64"],
	"aws_launch_template": ["user_data"],
}

# User data the plan cannot show: known only after apply, or only its hash (a template rendered from a file).
user_data_hidden(r) if {
	r.type in {"aws_instance", "aws_launch_configuration", "aws_launch_template"}
	lib.unknown(object.get(r.values, "user_data", null))
	not lib.left_to_provider(r, r.values.user_data)
}

user_data_hidden(r) if {
	r.type in {"aws_instance", "aws_launch_configuration"}
	regex.match(`^[0-9a-f]{40}$`, object.get(r.values, "user_data", ""))
}
