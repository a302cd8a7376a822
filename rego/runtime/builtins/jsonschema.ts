// json.match_schema / json.verify_schema: a JSON Schema (draft 4-7 keywords) validator reporting errors the way
// OPA's gojsonschema does: {error: "<field>: <desc>", type, field, desc}, field "(root)" at the top.
import {
  vtype, vlen, T_STR, T_ARR, T_OBJ, T_NUM, T_BOOL, T_NULL, mkBool, mkNull, mkArr, mkObj, arrPush, arrGet, keyAtRaw,
  valAtRaw, strPtr, strLen, lit, boolOf, isIntKind,
} from "../value";
import { collFind, collPut, ensureSorted } from "../collections";
import { equal, compare } from "../compare";
import { numF64 } from "../number";
import { parse, dumpTo } from "../json";
import { bufNew, bufLit, bufStrV, bufByte, bufToStr, bufI64 } from "../buf";
import { fail, E_BUILTIN } from "../error";
import { typeErr } from "../types";
import { bufNum } from "../format";
import { runeCount } from "../utf8";
import { reCompile, reSearch, reScratchBegin } from "../regex";
import { checkSchema, SCHEMA_ERR } from "./jsonschema-check";

let ROOT: usize = 0;     // root schema, for $ref
let ERRS: usize = 0;     // error array

function get(o: usize, k: string): usize {
  if (vtype(o) != T_OBJ) return 0;
  const f = collFind(o, lit(k));
  return f < 0 ? 0 : valAtRaw(o, f);
}

function typeOf(v: usize): string {
  const t = vtype(v);
  if (t == T_NUM) return isIntKind(v) || numF64(v) == Math.floor(numF64(v)) ? "integer" : "number";
  if (t == T_STR) return "string";
  if (t == T_BOOL) return "boolean";
  if (t == T_NULL) return "null";
  if (t == T_ARR) return "array";
  return "object";
}
function typeMatches(v: usize, name: usize): bool {
  const t = typeOf(v);
  const n = strPtr(name), l = strLen(name);
  if (eqLit(n, l, t)) return true;
  if (eqLit(n, l, "number") && t == "integer") return true;
  return false;
}
function eqLit(p: usize, n: i32, s: string): bool {
  if (n != s.length) return false;
  for (let i = 0; i < n; i++) if (load<u8>(p + <usize>i) != <u8>s.charCodeAt(i)) return false;
  return true;
}

// field path: "(root)" or "a.b.0"
function child(field: usize, key: usize): usize {
  const b = bufNew(32);
  if (!(strLen(field) == 6 && eqLit(strPtr(field), 6, "(root)"))) { bufStrV(b, field); bufByte(b, 46); }
  if (vtype(key) == T_STR) bufStrV(b, key); else bufNum(b, key);
  return bufToStr(b);
}

function report(field: usize, type: string, desc: usize): void {
  const e = mkObj();
  const b = bufNew(64);
  bufStrV(b, field); bufLit(b, ": "); bufStrV(b, desc);
  collPut(e, lit("error"), bufToStr(b));
  collPut(e, lit("type"), lit(type));
  collPut(e, lit("field"), field);
  collPut(e, lit("desc"), desc);
  arrPush(ERRS, e);
}
function msg2(a: string, v: usize, c: string): usize {
  const b = bufNew(48);
  bufLit(b, a);
  if (v != 0) { if (vtype(v) == T_STR) bufStrV(b, v); else dumpTo(b, v, 0); }
  bufLit(b, c);
  return bufToStr(b);
}
function msgInt(a: string, n: i64, c: string): usize {
  const b = bufNew(48);
  bufLit(b, a); bufI64(b, n); bufLit(b, c);
  return bufToStr(b);
}

function resolveRef(ref: usize): usize {
  // only local refs "#", "#/a/b" (JSON pointer)
  const p = strPtr(ref), n = strLen(ref);
  if (n == 0 || load<u8>(p) != 35) return 0;
  let cur = ROOT;
  let i = 1;
  if (i < n && load<u8>(p + <usize>i) == 47) i++;
  let start = i;
  for (; i <= n; i++) {
    if (i == n || load<u8>(p + <usize>i) == 47) {
      if (i > start) {
        const seg = mkStrSlice(p + <usize>start, i - start);
        if (vtype(cur) == T_OBJ) { const f = collFind(cur, seg); if (f < 0) return 0; cur = valAtRaw(cur, f); }
        else if (vtype(cur) == T_ARR) { const k = <i32>parseIdx(seg); if (k < 0 || k >= vlen(cur)) return 0; cur = arrGet(cur, k); }
        else return 0;
      }
      start = i + 1;
    }
  }
  return cur;
}
function mkStrSlice(p: usize, n: i32): usize {
  const b = bufNew(n);
  for (let i = 0; i < n; i++) {
    const c = load<u8>(p + <usize>i);
    if (c == 126 && i + 1 < n && load<u8>(p + <usize>(i + 1)) == 49) { bufByte(b, 47); i++; }
    else if (c == 126 && i + 1 < n && load<u8>(p + <usize>(i + 1)) == 48) { bufByte(b, 126); i++; }
    else bufByte(b, c);
  }
  return bufToStr(b);
}
function parseIdx(s: usize): i64 {
  let v: i64 = 0;
  if (strLen(s) == 0) return -1;
  for (let i = 0; i < strLen(s); i++) { const c = load<u8>(strPtr(s) + <usize>i); if (c < 48 || c > 57) return -1; v = v * 10 + <i64>(c - 48); }
  return v;
}

// Validate v against schema s; errors appended to ERRS. Returns true when valid.
function validate(v: usize, s: usize, field: usize, depth: i32): bool {
  if (depth > 200) return true;
  const before = vlen(ERRS);
  if (vtype(s) == T_BOOL) {
    if (!boolOf(s)) report(field, "false", lit("False always fails validation"));
    return vlen(ERRS) == before;
  }
  if (vtype(s) != T_OBJ) return true;
  const ref = get(s, "$ref");
  if (ref != 0 && vtype(ref) == T_STR) {
    const r = resolveRef(ref);
    if (r != 0) return validate(v, r, field, depth + 1);
  }
  // type
  const ty = get(s, "type");
  if (ty != 0) {
    let ok = false;
    if (vtype(ty) == T_STR) ok = typeMatches(v, ty);
    else if (vtype(ty) == T_ARR) for (let i = 0; i < vlen(ty); i++) if (vtype(arrGet(ty, i)) == T_STR && typeMatches(v, arrGet(ty, i))) ok = true;
    if (!ok) {
      const b = bufNew(48);
      bufLit(b, "Invalid type. Expected: ");
      if (vtype(ty) == T_STR) bufStrV(b, ty);
      else { bufByte(b, 91); for (let i = 0; i < vlen(ty); i++) { if (i > 0) bufByte(b, 44); bufStrV(b, arrGet(ty, i)); } bufByte(b, 93); }
      bufLit(b, ", given: ");
      bufLit(b, typeOf(v));
      report(field, "invalid_type", bufToStr(b));
      return false;
    }
  }
  // combinators
  const allOf = get(s, "allOf");
  if (allOf != 0 && vtype(allOf) == T_ARR) {
    let ok = true;
    for (let i = 0; i < vlen(allOf); i++) if (!validate(v, arrGet(allOf, i), field, depth + 1)) ok = false;
    if (!ok) report(field, "number_all_of", lit("Must validate all the schemas (allOf)"));
  }
  const anyOf = get(s, "anyOf");
  if (anyOf != 0 && vtype(anyOf) == T_ARR) {
    let ok = false;
    for (let i = 0; i < vlen(anyOf) && !ok; i++) if (quiet(v, arrGet(anyOf, i), field, depth)) ok = true;
    if (!ok) report(field, "number_any_of", lit("Must validate at least one schema (anyOf)"));
  }
  const oneOf = get(s, "oneOf");
  if (oneOf != 0 && vtype(oneOf) == T_ARR) {
    let cnt = 0;
    for (let i = 0; i < vlen(oneOf); i++) if (quiet(v, arrGet(oneOf, i), field, depth)) cnt++;
    if (cnt != 1) report(field, "number_one_of", lit("Must validate one and only one schema (oneOf)"));
  }
  const not = get(s, "not");
  if (not != 0 && quiet(v, not, field, depth)) report(field, "number_not", lit("Must not validate the schema (not)"));
  const iff = get(s, "if");
  if (iff != 0) {
    if (quiet(v, iff, field, depth)) {
      const th = get(s, "then");
      if (th != 0 && !validate(v, th, field, depth + 1)) report(field, "condition_then", lit("Must validate \"then\" as \"if\" was valid"));
    } else {
      const el = get(s, "else");
      if (el != 0 && !validate(v, el, field, depth + 1)) report(field, "condition_else", lit("Must validate \"else\" as \"if\" was not valid"));
    }
  }
  // const / enum
  const cst = get(s, "const");
  if (cst != 0 && !equal(cst, v)) report(field, "const", constMsg(field, cst));
  const en = get(s, "enum");
  if (en != 0 && vtype(en) == T_ARR) {
    let ok = false;
    for (let i = 0; i < vlen(en); i++) if (equal(arrGet(en, i), v)) ok = true;
    if (!ok) {
      const b = bufNew(48);
      bufStrV(b, field); bufLit(b, " must be one of the following: ");
      for (let i = 0; i < vlen(en); i++) { if (i > 0) bufLit(b, ", "); dumpTo(b, arrGet(en, i), 0); }
      report(field, "enum", bufToStr(b));
    }
  }
  const t = vtype(v);
  if (t == T_OBJ) validateObject(v, s, field, depth);
  else if (t == T_ARR) validateArray(v, s, field, depth);
  else if (t == T_STR) validateString(v, s, field);
  else if (t == T_NUM) validateNumber(v, s, field);
  return vlen(ERRS) == before;
}
function constMsg(field: usize, cst: usize): usize {
  const b = bufNew(48);
  bufStrV(b, field); bufLit(b, " does not match: "); dumpTo(b, cst, 0);
  return bufToStr(b);
}

// validation whose errors are discarded
function quiet(v: usize, s: usize, field: usize, depth: i32): bool {
  const saved = ERRS;
  ERRS = mkArr(2);
  const ok = validate(v, s, field, depth + 1);
  ERRS = saved;
  return ok;
}

function validateObject(v: usize, s: usize, field: usize, depth: i32): void {
  ensureSorted(v);
  const n = vlen(v);
  const minP = get(s, "minProperties"), maxP = get(s, "maxProperties");
  if (minP != 0 && vtype(minP) == T_NUM && <f64>n < numF64(minP)) report(field, "array_min_properties", msgInt("Must have at least ", <i64>numF64(minP), " properties"));
  if (maxP != 0 && vtype(maxP) == T_NUM && <f64>n > numF64(maxP)) report(field, "array_max_properties", msgInt("Must have at most ", <i64>numF64(maxP), " properties"));
  const req = get(s, "required");
  if (req != 0 && vtype(req) == T_ARR) {
    for (let i = 0; i < vlen(req); i++) {
      const k = arrGet(req, i);
      if (collFind(v, k) < 0) report(field, "required", msg2("", k, " is required"));
    }
  }
  const props = get(s, "properties");
  const pats = get(s, "patternProperties");
  const addl = get(s, "additionalProperties");
  const names = get(s, "propertyNames");
  const deps = get(s, "dependencies");
  for (let i = 0; i < n; i++) {
    const k = keyAtRaw(v, i), val = valAtRaw(v, i);
    let matched = false;
    if (props != 0 && vtype(props) == T_OBJ) {
      const f = collFind(props, k);
      if (f >= 0) { matched = true; validate(val, valAtRaw(props, f), child(field, k), depth + 1); }
    }
    if (pats != 0 && vtype(pats) == T_OBJ && vtype(k) == T_STR) {
      for (let j = 0; j < vlen(pats); j++) {
        const pk = keyAtRaw(pats, j);
        const re = reCompile(strPtr(pk), strLen(pk));
        if (re != 0 && reSearch(re, strPtr(k), strLen(k), 0)) { matched = true; validate(val, valAtRaw(pats, j), child(field, k), depth + 1); }
      }
    }
    if (!matched && addl != 0) {
      if (vtype(addl) == T_BOOL && !boolOf(addl)) report(field, "additional_property_not_allowed", msg2("Additional property ", k, " is not allowed"));
      else if (vtype(addl) == T_OBJ) validate(val, addl, child(field, k), depth + 1);
    }
    if (names != 0 && !quiet(k, names, field, depth)) report(field, "invalid_property_name", msg2("Property name of \"", k, "\" does not match"));
    if (deps != 0 && vtype(deps) == T_OBJ) {
      const f = collFind(deps, k);
      if (f >= 0) {
        const d = valAtRaw(deps, f);
        if (vtype(d) == T_ARR) {
          for (let j = 0; j < vlen(d); j++) if (collFind(v, arrGet(d, j)) < 0) report(field, "missing_dependency", msg2("Has a dependency on ", arrGet(d, j), ""));
        } else validate(v, d, field, depth + 1);
      }
    }
  }
}

function validateArray(v: usize, s: usize, field: usize, depth: i32): void {
  const n = vlen(v);
  const mn = get(s, "minItems"), mx = get(s, "maxItems");
  if (mn != 0 && vtype(mn) == T_NUM && <f64>n < numF64(mn)) report(field, "array_min_items", msgInt("Array must have at least ", <i64>numF64(mn), " items"));
  if (mx != 0 && vtype(mx) == T_NUM && <f64>n > numF64(mx)) report(field, "array_max_items", msgInt("Array must have at most ", <i64>numF64(mx), " items"));
  const uniq = get(s, "uniqueItems");
  if (uniq != 0 && vtype(uniq) == T_BOOL && boolOf(uniq)) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
      if (equal(arrGet(v, i), arrGet(v, j))) {
        const b = bufNew(32);
        bufLit(b, "array items["); bufI64(b, i); bufByte(b, 44); bufI64(b, j); bufLit(b, "] must be unique");
        report(field, "unique", bufToStr(b));
        i = n; break;
      }
    }
  }
  const items = get(s, "items");
  if (items != 0) {
    if (vtype(items) == T_ARR) {
      for (let i = 0; i < n && i < vlen(items); i++) validate(arrGet(v, i), arrGet(items, i), child(field, mkIntV(i)), depth + 1);
      const add = get(s, "additionalItems");
      if (add != 0 && n > vlen(items)) {
        if (vtype(add) == T_BOOL && !boolOf(add)) report(field, "array_no_additional_items", lit("No additional items allowed on array"));
        else if (vtype(add) == T_OBJ) for (let i = vlen(items); i < n; i++) validate(arrGet(v, i), add, child(field, mkIntV(i)), depth + 1);
      }
    } else for (let i = 0; i < n; i++) validate(arrGet(v, i), items, child(field, mkIntV(i)), depth + 1);
  }
  const contains = get(s, "contains");
  if (contains != 0) {
    let ok = false;
    for (let i = 0; i < n && !ok; i++) if (quiet(arrGet(v, i), contains, field, depth)) ok = true;
    if (!ok) report(field, "contains", lit("At least one of the items must match"));
  }
}
import { mkInt } from "../value";
function mkIntV(i: i32): usize { return mkInt(i); }

function validateString(v: usize, s: usize, field: usize): void {
  const runes = runeCount(strPtr(v), strLen(v));
  const mn = get(s, "minLength"), mx = get(s, "maxLength");
  if (mn != 0 && vtype(mn) == T_NUM && <f64>runes < numF64(mn)) report(field, "string_gte", msgInt("String length must be greater than or equal to ", <i64>numF64(mn), ""));
  if (mx != 0 && vtype(mx) == T_NUM && <f64>runes > numF64(mx)) report(field, "string_lte", msgInt("String length must be less than or equal to ", <i64>numF64(mx), ""));
  const pat = get(s, "pattern");
  if (pat != 0 && vtype(pat) == T_STR) {
    const re = reCompile(strPtr(pat), strLen(pat));
    if (re != 0 && !reSearch(re, strPtr(v), strLen(v), 0)) report(field, "pattern", msg2("Does not match pattern '", pat, "'"));
  }
}

function numText(v: usize): usize { const b = bufNew(24); bufNum(b, v); return bufToStr(b); }
function validateNumber(v: usize, s: usize, field: usize): void {
  const mo = get(s, "multipleOf");
  if (mo != 0 && vtype(mo) == T_NUM && numF64(mo) > 0) {
    const q = numF64(v) / numF64(mo);
    if (q != Math.floor(q)) report(field, "multiple_of", msg2("Must be a multiple of ", numText(mo), ""));
  }
  const min = get(s, "minimum"), max = get(s, "maximum");
  const exMin = get(s, "exclusiveMinimum"), exMax = get(s, "exclusiveMaximum");
  if (min != 0 && vtype(min) == T_NUM) {
    const ex = exMin != 0 && vtype(exMin) == T_BOOL && boolOf(exMin);
    const c = compare(v, min);
    if (ex ? c <= 0 : c < 0) report(field, ex ? "number_gt" : "number_gte", msg2(ex ? "Must be greater than " : "Must be greater than or equal to ", numText(min), ""));
  }
  if (exMin != 0 && vtype(exMin) == T_NUM && compare(v, exMin) <= 0) report(field, "number_gt", msg2("Must be greater than ", numText(exMin), ""));
  if (max != 0 && vtype(max) == T_NUM) {
    const ex = exMax != 0 && vtype(exMax) == T_BOOL && boolOf(exMax);
    const c = compare(v, max);
    if (ex ? c >= 0 : c > 0) report(field, ex ? "number_lt" : "number_lte", msg2(ex ? "Must be less than " : "Must be less than or equal to ", numText(max), ""));
  }
  if (exMax != 0 && vtype(exMax) == T_NUM && compare(v, exMax) >= 0) report(field, "number_lt", msg2("Must be less than ", numText(exMax), ""));
}

// string operands are JSON text
function operand(name: string, i: i32, v: usize): usize {
  if (vtype(v) == T_STR) {
    const p = parse(strPtr(v), strLen(v), false);
    if (p == 0) { fail(E_BUILTIN, name, lit(i == 1 ? "document is not valid JSON" : "schema is not valid JSON")); return 0; }
    return p;
  }
  if (vtype(v) != T_OBJ && vtype(v) != T_ARR && vtype(v) != T_BOOL && i == 2) { typeErr(name, i, "one of {string, object, boolean}", v); return 0; }
  return v;
}

export function bi_json_match_schema(doc: usize, schema: usize): usize {
  const d = operand("json.match_schema", 1, doc);
  if (d == 0) return 0;
  const s = operand("json.match_schema", 2, schema);
  if (s == 0) return 0;
  if (!checkSchema(s, 0)) return fail(E_BUILTIN, "json.match_schema", SCHEMA_ERR);
  ROOT = s;
  ERRS = mkArr(4);
  reScratchBegin();
  validate(d, s, lit("(root)"), 0);
  const r = mkArr(2);
  arrPush(r, mkBool(vlen(ERRS) == 0));
  arrPush(r, ERRS);
  return r;
}

// OPA answers [false, "jsonschema: <why>"] for a schema it cannot load or compile (only a string or an object
// loads), and [true, null] otherwise.
export function bi_json_verify_schema(schema: usize): usize {
  let s = schema;
  if (vtype(schema) == T_STR) {
    s = parse(strPtr(schema), strLen(schema), false);
    if (s == 0) return verifyFailed(lit("schema is not valid JSON"));
  } else if (vtype(schema) != T_OBJ) return verifyFailed(lit("wrong type, expected string or object"));
  if (!checkSchema(s, 0)) return verifyFailed(SCHEMA_ERR);
  const r = mkArr(2);
  arrPush(r, mkBool(true));
  arrPush(r, mkNull());
  return r;
}
function verifyFailed(why: usize): usize {
  const b = bufNew(64);
  bufLit(b, "jsonschema: ");
  bufStrV(b, why);
  const r = mkArr(2);
  arrPush(r, mkBool(false));
  arrPush(r, bufToStr(b));
  return r;
}
