/*
 * The obvious `rego_type_error`s: a builtin called with a literal operand whose type the builtin can never
 * accept (`count(1)`, `1 + "a"`, `startswith(1, "x")`). Only literal operands are judged, and only by their
 * top-level type: OPA's type checker infers much more, but a wrong guess here would reject valid policies,
 * so everything else (vars, refs, calls, comprehensions) counts as `any`.
 */
import type { Location, Term } from './ast';
import { type RegoError, regoError } from './errors';

// n number, s string, b boolean, z null, a array, o object, S set, x any
type Sig = string[];

const NUM = 'n';
const STR = 's';
const COLL = 'aS';
const SIGS: Record<string, Sig> = {
  plus: [NUM, NUM], minus: ['nS', 'nS'], mul: [NUM, NUM], div: [NUM, NUM], rem: [NUM, NUM],
  and: ['S', 'S'], or: ['S', 'S'],
  count: ['saoS'], sum: [COLL], product: [COLL], max: [COLL], min: [COLL], sort: [COLL],
  abs: [NUM], round: [NUM], ceil: [NUM], floor: [NUM],
  concat: [STR, COLL], contains: [STR, STR], startswith: [STR, STR], endswith: [STR, STR],
  indexof: [STR, STR], indexof_n: [STR, STR], lower: [STR], upper: [STR], trim_space: [STR],
  split: [STR, STR], replace: [STR, STR, STR], substring: [STR, NUM, NUM], sprintf: [STR, 'a'],
  trim: [STR, STR], trim_left: [STR, STR], trim_right: [STR, STR], trim_prefix: [STR, STR], trim_suffix: [STR, STR],
  format_int: [NUM, NUM], 'strings.reverse': [STR], 'strings.count': [STR, STR],
  to_number: ['nsbz'],
  'array.concat': ['a', 'a'], 'array.slice': ['a', NUM, NUM], 'array.reverse': ['a'],
  'object.get': ['o', 'x', 'x'], 'object.keys': ['o'], 'object.union': ['o', 'o'],
  'numbers.range': [NUM, NUM], 'numbers.range_step': [NUM, NUM, NUM],
  'bits.and': [NUM, NUM], 'bits.or': [NUM, NUM], 'bits.xor': [NUM, NUM], 'bits.negate': [NUM],
  'bits.lsh': [NUM, NUM], 'bits.rsh': [NUM, NUM],
  'regex.match': [STR, STR], 'base64.encode': [STR], 'base64.decode': [STR], 'json.unmarshal': [STR],
  'units.parse': [STR], 'units.parse_bytes': [STR],
};

const NAMES: Record<string, string> = { n: 'number', s: 'string', b: 'boolean', z: 'null', a: 'array', o: 'object', S: 'set', x: 'any' };

/** Type letter of a literal operand, or undefined when it is not a literal. */
function literalType(t: Term): string | undefined {
  switch (t.type) {
    case 'number': return 'n';
    case 'string': return 's';
    case 'boolean': return 'b';
    case 'null': return 'z';
    case 'array': return 'a';
    case 'object': return 'o';
    case 'set': return 'S';
    default: return undefined;
  }
}

const describe = (allowed: string): string => {
  const names = [...allowed].map((c) => NAMES[c]);
  return names.length === 1 ? names[0] : `any<${names.join(', ')}>`;
};

/** Check a builtin call's literal operands; returns the error, if any. */
export function checkBuiltinTypes(name: string, args: Term[], location: Location): RegoError | undefined {
  const sig = SIGS[name];
  if (!sig) return undefined;
  let bad = false;
  sig.forEach((allowed, i) => {
    const a = args[i];
    if (a === undefined || allowed === 'x') return;
    const lt = literalType(a);
    if (lt !== undefined && !allowed.includes(lt)) bad = true;
  });
  if (!bad) return undefined;
  const have = args.slice(0, sig.length).map((a) => NAMES[literalType(a) ?? 'x']).join(', ');
  const want = sig.map(describe).join(', ');
  return regoError('rego_type_error', `${name}: invalid argument(s)\n\thave: (${have})\n\twant: (${want})`, location);
}
