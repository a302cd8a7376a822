// abs/round/ceil/floor, numbers.range(_step) and bits.* (integers only, as OPA).
import { vtype, T_NUM, mkInt, mkFloat, mkArr, arrPush, vsub, N_INT, intOf, isIntKind } from "../value";
import { numF64, numIsInt, numI64 } from "../number";
import { bigAbs, bigShl } from "../bigint";
import { typeErr, typeErrMsg } from "../types";
import { failLit, E_BUILTIN } from "../error";

function unary(name: string, v: usize, op: i32): usize {
  if (vtype(v) != T_NUM) return typeErr(name, 1, "number", v);
  if (isIntKind(v)) return op == 0 ? bigAbs(v) : v;
  const f = numF64(v);
  if (op == 0) return mkFloat(Math.abs(f));
  if (op == 1) return mkFloat(f < 0 ? -Math.floor(-f + 0.5) : Math.floor(f + 0.5)); // half away from zero
  if (op == 2) return mkFloat(Math.ceil(f));
  return mkFloat(Math.floor(f));
}
export function bi_abs(v: usize): usize { return unary("abs", v, 0); }
export function bi_round(v: usize): usize { return unary("round", v, 1); }
export function bi_ceil(v: usize): usize { return unary("ceil", v, 2); }
export function bi_floor(v: usize): usize { return unary("floor", v, 3); }

function range(name: string, a: usize, b: usize, step: i64): usize {
  if (vtype(a) != T_NUM) return typeErr(name, 1, "number", a);
  if (vtype(b) != T_NUM) return typeErr(name, 2, "number", b);
  if (!numIsInt(a)) return typeErrMsg(name, "operand 1 must be integer number but got floating-point number");
  if (!numIsInt(b)) return typeErrMsg(name, "operand 2 must be integer number but got floating-point number");
  const x = numI64(a), y = numI64(b);
  const r = mkArr(4);
  if (x <= y) for (let i = x; i <= y; i += step) arrPush(r, mkInt(i));
  else for (let i = x; i >= y; i -= step) arrPush(r, mkInt(i));
  return r;
}
export function bi_numbers_range(a: usize, b: usize): usize { return range("numbers.range", a, b, 1); }
export function bi_numbers_range_step(a: usize, b: usize, s: usize): usize {
  if (vtype(s) != T_NUM) return typeErr("numbers.range_step", 3, "number", s);
  if (!numIsInt(s)) return typeErrMsg("numbers.range_step", "operand 3 must be integer number but got floating-point number");
  const st = numI64(s);
  if (st <= 0) return failLit(E_BUILTIN, "numbers.range_step", "step must be a positive integer");
  return range("numbers.range_step", a, b, st);
}

function intArg(name: string, i: i32, v: usize): bool {
  if (vtype(v) != T_NUM) { typeErr(name, i, "number", v); return false; }
  if (!numIsInt(v)) {
    typeErrMsg(name, i == 1 ? "operand 1 must be integer number but got floating-point number" : "operand 2 must be integer number but got floating-point number");
    return false;
  }
  return true;
}
function bits(name: string, a: usize, b: usize, op: i32): usize {
  if (!intArg(name, 1, a) || !intArg(name, 2, b)) return 0;
  const x = numI64(a), y = numI64(b);
  if (op == 0) return mkInt(x & y);
  if (op == 1) return mkInt(x | y);
  if (op == 2) return mkInt(x ^ y);
  if (y < 0) return typeErrMsg(name, "operand 2 must be an unsigned integer number but got a negative integer");
  if (op == 3) return y > 100000 ? failLit(E_BUILTIN, name, "shift too large") : bigShl(a, <i32>y);
  return mkInt(y >= 63 ? (x < 0 ? -1 : 0) : x >> y);
}
export function bi_bits_and(a: usize, b: usize): usize { return bits("bits.and", a, b, 0); }
export function bi_bits_or(a: usize, b: usize): usize { return bits("bits.or", a, b, 1); }
export function bi_bits_xor(a: usize, b: usize): usize { return bits("bits.xor", a, b, 2); }
export function bi_bits_lsh(a: usize, b: usize): usize { return bits("bits.lsh", a, b, 3); }
export function bi_bits_rsh(a: usize, b: usize): usize { return bits("bits.rsh", a, b, 4); }
export function bi_bits_negate(a: usize): usize {
  if (!intArg("bits.negate", 1, a)) return 0;
  return mkInt(~numI64(a));
}
