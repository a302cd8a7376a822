/*
 * OPA's builtin functions by name with their arity (number of operands), for the checker's
 * `undefined function` and arity errors. Which builtins the runtime implements is the planner's business;
 * this table only says what OPA itself knows. Operators are listed under OPA's internal names.
 */
import type { Location, Term } from './ast';
import { type RegoError, regoError } from './errors';

const B = new Map<string, number>();
function add(arity: number, names: string): void {
  for (const n of names.trim().split(/\s+/)) B.set(n, arity);
}

add(0, `time.now_ns opa.runtime rego.metadata.chain rego.metadata.rule`);
add(1, `graphql.is_valid graphql.parse_query graphql.parse_schema graphql.schema_is_valid`);
add(2, `graphql.parse graphql.parse_and_verify`);
add(1, `array.flatten count sum product max min sort all any abs round ceil floor to_number type_name
  is_number is_string is_boolean is_array is_set is_object is_null intersection union array.reverse
  object.union_n object.keys walk bits.negate lower upper trim_space strings.reverse regex.is_valid
  glob.quote_meta base64.encode base64.decode base64.is_valid base64url.encode base64url.encode_no_pad
  base64url.decode hex.encode hex.decode urlquery.encode urlquery.decode urlquery.encode_object
  urlquery.decode_object json.marshal json.unmarshal json.is_valid yaml.marshal yaml.unmarshal yaml.is_valid
  json.verify_schema units.parse units.parse_bytes semver.is_valid uuid.parse uuid.rfc4122
  time.parse_rfc3339_ns time.parse_duration_ns time.date time.clock time.weekday time.format
  net.cidr_expand net.cidr_is_valid net.cidr_merge net.lookup_ip_addr trace internal.print internal.test_case http.send
  cast_array cast_set cast_string cast_boolean cast_null cast_object io.jwt.decode
  crypto.md5 crypto.sha1 crypto.sha256 crypto.sha512 crypto.x509.parse_certificates
  crypto.x509.parse_and_verify_certificates crypto.x509.parse_certificate_request
  crypto.x509.parse_rsa_private_key crypto.parse_private_keys`);
add(2, `plus minus mul div rem and or equal neq lt lte gt gte internal.member_2 array.concat set_diff
  object.remove object.filter object.union object.subset json.filter json.remove json.patch json.match_schema
  json.marshal_with_options numbers.range bits.and bits.or bits.xor bits.lsh bits.rsh
  concat contains endswith startswith indexof indexof_n split trim trim_left trim_right trim_prefix
  trim_suffix format_int strings.any_prefix_match strings.any_suffix_match strings.count strings.replace_n
  sprintf regex.match re_match regex.split regex.globs_match strings.render_template semver.compare rand.intn
  time.parse_ns time.diff net.cidr_contains net.cidr_intersects net.cidr_overlap net.cidr_contains_matches
  graph.reachable graph.reachable_paths io.jwt.decode_verify rego.parse_module
  io.jwt.verify_rs256 io.jwt.verify_rs384 io.jwt.verify_rs512 io.jwt.verify_ps256 io.jwt.verify_ps384
  io.jwt.verify_ps512 io.jwt.verify_es256 io.jwt.verify_es384 io.jwt.verify_es512 io.jwt.verify_hs256
  io.jwt.verify_hs384 io.jwt.verify_hs512 io.jwt.verify_eddsa crypto.hmac.md5 crypto.hmac.sha1
  crypto.hmac.sha256 crypto.hmac.sha512 crypto.hmac.equal crypto.x509.parse_keypair
  crypto.x509.parse_and_verify_certificates_with_options strings.any_prefix_match`);
add(3, `strings.split_n internal.member_3 array.slice object.get numbers.range_step replace substring split_n_ignored
  regex.find_n regex.find_all_string_submatch_n regex.replace glob.match io.jwt.encode_sign
  io.jwt.encode_sign_raw providers.aws.sign_req`);
add(4, `regex.template_match time.add_date`);
B.delete('split_n_ignored');
// `print` takes any number of operands
B.set('print', -1);

/** OPA's type checker wording: `count: too many arguments` with the operand types it saw. */
export function arityError(name: string, arity: number, args: Term[], location: Location): RegoError {
  const kind = args.length > arity ? 'too many arguments' : 'too few arguments';
  const have = args.map(literalType).join(', ');
  return regoError('rego_type_error', `${name}: ${kind}\n\thave: (${have})\n\twant: ${arity} argument${arity === 1 ? '' : 's'}`, location);
}

function literalType(t: Term): string {
  switch (t.type) {
    case 'null': case 'boolean': case 'number': case 'string': case 'array': case 'object': case 'set': return t.type;
    case 'arraycompr': return 'array';
    case 'setcompr': return 'set';
    case 'objectcompr': return 'object';
    default: return 'any';
  }
}

/** Builtins OPA 1.x refuses in Rego v1 modules and still runs in v0 ones. */
const DEPRECATED = new Set([
  'any', 'all', 're_match', 'set_diff', 'net.cidr_overlap',
  'cast_array', 'cast_set', 'cast_string', 'cast_boolean', 'cast_null', 'cast_object',
]);

export function isDeprecatedBuiltin(name: string): boolean {
  return DEPRECATED.has(name);
}

/** Arity of a builtin (`-1`: variadic), or undefined if OPA has no such builtin. */
export function builtinArity(name: string): number | undefined {
  return B.get(name);
}

/** Every builtin name (for error messages and tests). */
export function builtinNames(): string[] {
  return [...B.keys()];
}
