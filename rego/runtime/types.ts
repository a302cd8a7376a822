// Type names and operand type errors as OPA words them ("operand 1 must be string but got number").
import { vtype, T_NULL, T_BOOL, T_NUM, T_STR, T_ARR, T_OBJ, lit } from "./value";
import { bufNew, bufLit, bufI64, bufToStr } from "./buf";
import { fail, E_TYPE } from "./error";

export function typeName(v: usize): string {
  const t = vtype(v);
  if (t == T_NULL) return "null";
  if (t == T_BOOL) return "boolean";
  if (t == T_NUM) return "number";
  if (t == T_STR) return "string";
  if (t == T_ARR) return "array";
  if (t == T_OBJ) return "object";
  return "set";
}
export function typeNameV(v: usize): usize { return lit(typeName(v)); }

// want: "string", "array", "one of {array, set}", ...
export function typeErr(name: string, operand: i32, want: string, got: usize): usize {
  const b = bufNew(64);
  bufLit(b, "operand ");
  bufI64(b, operand);
  bufLit(b, " must be ");
  bufLit(b, want);
  bufLit(b, " but got ");
  bufLit(b, typeName(got));
  return fail(E_TYPE, name, bufToStr(b));
}
export function typeErrMsg(name: string, msg: string): usize {
  return fail(E_TYPE, name, lit(msg));
}
