// Schema loading checks for json.match_schema / json.verify_schema: what gojsonschema rejects before validating
// (unknown type names, invalid regex patterns), with its wording.
import { vtype, vlen, T_STR, T_ARR, T_OBJ, arrGet, keyAtRaw, valAtRaw, strPtr, strLen, lit } from "../value";
import { collFind } from "../collections";
import { dumpTo } from "../json";
import { bufNew, bufLit, bufStrV, bufToStr } from "../buf";
import { reCompile } from "../regex";

export let SCHEMA_ERR: usize = 0;

function get(o: usize, k: string): usize {
  if (vtype(o) != T_OBJ) return 0;
  const f = collFind(o, lit(k));
  return f < 0 ? 0 : valAtRaw(o, f);
}
function eqLit(p: usize, n: i32, s: string): bool {
  if (n != s.length) return false;
  for (let i = 0; i < n; i++) if (load<u8>(p + <usize>i) != <u8>s.charCodeAt(i)) return false;
  return true;
}
function msg2(a: string, v: usize, c: string): usize {
  const b = bufNew(48);
  bufLit(b, a);
  bufStrV(b, v);
  bufLit(b, c);
  return bufToStr(b);
}
function validTypeName(s: usize): bool {
  const p = strPtr(s), n = strLen(s);
  return eqLit(p, n, "array") || eqLit(p, n, "boolean") || eqLit(p, n, "integer") || eqLit(p, n, "number") ||
    eqLit(p, n, "null") || eqLit(p, n, "object") || eqLit(p, n, "string");
}

// Schema sanity check (what gojsonschema rejects when loading): unknown type names, bad regexes.
export function checkSchema(s: usize, depth: i32): bool {
  if (depth > 200 || vtype(s) != T_OBJ) return true;
  const ty = get(s, "type");
  if (ty != 0) {
    let badv: usize = 0;
    if (vtype(ty) == T_STR && !validTypeName(ty)) badv = ty;
    if (vtype(ty) == T_ARR) for (let i = 0; i < vlen(ty); i++) { const x = arrGet(ty, i); if (vtype(x) != T_STR || !validTypeName(x)) { badv = x; break; } }
    if (badv != 0 || (vtype(ty) != T_STR && vtype(ty) != T_ARR)) {
      const b = bufNew(96);
      bufLit(b, "has a primitive type that is NOT VALID -- given: /");
      if (badv != 0 && vtype(badv) == T_STR) bufStrV(b, badv); else dumpTo(b, badv != 0 ? badv : <usize>ty, 0);
      bufLit(b, "/ Expected valid values are:[array boolean integer number null object string]");
      SCHEMA_ERR = bufToStr(b);
      return false;
    }
  }
  const pat = get(s, "pattern");
  if (pat != 0 && vtype(pat) == T_STR && reCompile(strPtr(pat), strLen(pat)) == 0) {
    SCHEMA_ERR = msg2("Invalid regex pattern '", pat, "'");
    return false;
  }
  for (let i = 0; i < vlen(s); i++) {
    const k = keyAtRaw(s, i), sub = valAtRaw(s, i);
    if (vtype(k) != T_STR) continue;
    const kp = strPtr(k), kn = strLen(k);
    if (eqLit(kp, kn, "enum") || eqLit(kp, kn, "const") || eqLit(kp, kn, "required") || eqLit(kp, kn, "default") || eqLit(kp, kn, "examples")) continue;
    if (vtype(sub) == T_OBJ) {
      // properties-like maps hold schemas as values; schemas themselves are objects too
      if (eqLit(kp, kn, "properties") || eqLit(kp, kn, "patternProperties") || eqLit(kp, kn, "definitions") || eqLit(kp, kn, "$defs") || eqLit(kp, kn, "dependencies")) {
        for (let j = 0; j < vlen(sub); j++) if (!checkSchema(valAtRaw(sub, j), depth + 1)) return false;
      } else if (!checkSchema(sub, depth + 1)) return false;
    } else if (vtype(sub) == T_ARR && (eqLit(kp, kn, "allOf") || eqLit(kp, kn, "anyOf") || eqLit(kp, kn, "oneOf") || eqLit(kp, kn, "items"))) {
      for (let j = 0; j < vlen(sub); j++) if (!checkSchema(arrGet(sub, j), depth + 1)) return false;
    }
  }
  return true;
}

