// Errors: the evaluation aborts through env.opa_abort with "<code>: <message>" (the SDK throws that string).
// Builtin errors are swallowed into undefined unless strict mode is on, as OPA's topdown does by default.
import { opa_abort } from "./alloc";
import { lit, strPtr, strLen } from "./value";
import { bufNew, bufLit, bufBytes, bufCStr, bufStrV, bufToStr } from "./buf";

export const E_CONFLICT = 0;
export const E_TYPE = 1;
export const E_BUILTIN = 2;
export const E_INTERNAL = 3;

let strict = false;
export function setStrict(s: bool): void { strict = s; }
export function isStrict(): bool { return strict; }

function codeName(code: i32): string {
  if (code == E_CONFLICT) return "eval_conflict_error";
  if (code == E_TYPE) return "eval_type_error";
  if (code == E_BUILTIN) return "eval_builtin_error";
  return "eval_internal_error";
}

export function abortBytes(code: i32, p: usize, n: i32): void {
  const b = bufNew(n + 32);
  bufLit(b, codeName(code));
  bufLit(b, ": ");
  bufBytes(b, p, n);
  opa_abort(bufCStr(b));
  unreachable();
}
export function abortV(code: i32, msg: usize): void { abortBytes(code, strPtr(msg), strLen(msg)); }
export function abortLit(code: i32, msg: string): void { abortV(code, lit(msg)); }

// Builtin failure: "<builtin>: <message>". Returns 0 (undefined) unless strict.
export function fail(code: i32, name: string, msg: usize): usize {
  if (strict) {
    const b = bufNew(64);
    bufLit(b, name);
    bufLit(b, ": ");
    bufStrV(b, msg);
    abortV(code, bufToStr(b));
  }
  return 0;
}
export function failLit(code: i32, name: string, msg: string): usize {
  if (!strict) return 0;
  return fail(code, name, lit(msg));
}
