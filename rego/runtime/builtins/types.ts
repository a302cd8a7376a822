// Type predicates, type_name and to_number.
import { vtype, T_NULL, T_BOOL, T_NUM, T_STR, T_ARR, T_OBJ, T_SET, mkBool, mkInt, mkFloat, boolOf, strPtr, strLen, } from "../value";
import { typeErr, typeNameV } from "../types";
import { parseNum } from "../number";
import { failLit, E_BUILTIN } from "../error";

export function bi_is_string(v: usize): usize { return mkBool(vtype(v) == T_STR); }
export function bi_is_number(v: usize): usize { return mkBool(vtype(v) == T_NUM); }
export function bi_is_boolean(v: usize): usize { return mkBool(vtype(v) == T_BOOL); }
export function bi_is_array(v: usize): usize { return mkBool(vtype(v) == T_ARR); }
export function bi_is_set(v: usize): usize { return mkBool(vtype(v) == T_SET); }
export function bi_is_object(v: usize): usize { return mkBool(vtype(v) == T_OBJ); }
export function bi_is_null(v: usize): usize { return mkBool(vtype(v) == T_NULL); }
export function bi_type_name(v: usize): usize { return typeNameV(v); }

// Validates Go ParseFloat-ish decimal syntax (no hex, inf or nan), digits with optional sign, fraction, exponent.
export function validNumber(p: usize, n: i32): bool {
  let i = 0;
  if (i < n && (load<u8>(p) == 45 || load<u8>(p) == 43)) i++;
  let digits = 0;
  while (i < n && load<u8>(p + <usize>i) >= 48 && load<u8>(p + <usize>i) <= 57) { i++; digits++; }
  if (i < n && load<u8>(p + <usize>i) == 46) {
    i++;
    while (i < n && load<u8>(p + <usize>i) >= 48 && load<u8>(p + <usize>i) <= 57) { i++; digits++; }
  }
  if (digits == 0) return false;
  if (i < n && (load<u8>(p + <usize>i) | 32) == 101) {
    i++;
    if (i < n && (load<u8>(p + <usize>i) == 45 || load<u8>(p + <usize>i) == 43)) i++;
    let ed = 0;
    while (i < n && load<u8>(p + <usize>i) >= 48 && load<u8>(p + <usize>i) <= 57) { i++; ed++; }
    if (ed == 0) return false;
  }
  return i == n;
}

export function bi_to_number(v: usize): usize {
  const t = vtype(v);
  if (t == T_NULL) return mkInt(0);
  if (t == T_BOOL) return mkInt(boolOf(v) ? 1 : 0);
  if (t == T_NUM) return v;
  if (t == T_STR) {
    const p = strPtr(v), n = strLen(v);
    if (isNanInf(p, n)) return typeErr("to_number", 1, "valid number string", v);
    if (!validNumber(p, n)) return failLit(E_BUILTIN, "to_number", "strconv.ParseFloat: parsing: invalid syntax");
    let q = p, m = n;
    if (load<u8>(p) == 43) { q++; m--; }
    return parseNum(q, m);
  }
  return typeErr("to_number", 1, "one of {null, boolean, number, string}", v);
}

// Go's ParseFloat accepts these, and OPA then rejects them as a type error.
function isNanInf(p: usize, n: i32): bool {
  let i = 0;
  if (n > 0 && (load<u8>(p) == 45 || load<u8>(p) == 43)) i = 1;
  const m = n - i;
  if (m != 3 && m != 8) return false;
  const w = m == 3 ? (load<u8>(p + <usize>i) | 32) : 0;
  if (m == 3) {
    const b = load<u8>(p + <usize>(i + 1)) | 32, c = load<u8>(p + <usize>(i + 2)) | 32;
    return (w == 110 && b == 97 && c == 110) || (w == 105 && b == 110 && c == 102);
  }
  const word = "infinity";
  for (let k = 0; k < 8; k++) if ((load<u8>(p + <usize>(i + k)) | 32) != <u8>word.charCodeAt(k)) return false;
  return true;
}
