// rand.intn and uuid.rfc4122: pseudo-random (xorshift64*, state kept across evaluations; wasm has no entropy
// source the SDK would provide), and memoised per evaluation so equal arguments give equal results, as in OPA.
import { vtype, T_STR, T_NUM, mkInt, mkObj, mkArr, arrPush, valAtRaw, lit } from "../value";
import { collFind, collPut } from "../collections";
import { numF64, numIsInt } from "../number";
import { typeErr, typeErrMsg } from "../types";
import { bufNew, bufByte, bufToStr } from "../buf";

let state: u64 = 0x9e3779b97f4a7c15;
let memo: usize = 0;

export function resetRandMemo(): void { memo = 0; }

function next(): u64 {
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return state * 0x2545f4914f6cdd1d;
}

function memoKey(name: string, a: usize, b: usize): usize {
  const k = mkArr(3);
  arrPush(k, lit(name));
  arrPush(k, a);
  if (b != 0) arrPush(k, b);
  return k;
}
function memoGet(k: usize): usize {
  if (memo == 0) return 0;
  const f = collFind(memo, k);
  return f < 0 ? 0 : valAtRaw(memo, f);
}
function memoPut(k: usize, v: usize): usize {
  if (memo == 0) memo = mkObj();
  collPut(memo, k, v);
  return v;
}

export function bi_rand_intn(s: usize, n: usize): usize {
  if (vtype(s) != T_STR) return typeErr("rand.intn", 1, "string", s);
  if (vtype(n) != T_NUM) return typeErr("rand.intn", 2, "number", n);
  if (!numIsInt(n)) return typeErrMsg("rand.intn", "operand 2 must be integer number but got floating-point number");
  const k = memoKey("rand.intn", s, n);
  const m = memoGet(k);
  if (m != 0) return m;
  let lim = numF64(n);
  if (lim < 0) lim = -lim;
  if (lim == 0) return memoPut(k, mkInt(0));
  const r = <i64>(<f64>(next() >> 11) / 9007199254740992.0 * lim);
  return memoPut(k, mkInt(r));
}

export function bi_uuid_rfc4122(s: usize): usize {
  if (vtype(s) != T_STR) return typeErr("uuid.rfc4122", 1, "string", s);
  const k = memoKey("uuid.rfc4122", s, 0);
  const m = memoGet(k);
  if (m != 0) return m;
  const hi = next(), lo = next();
  const b = bufNew(36);
  for (let i = 0; i < 16; i++) {
    let x = <u32>((i < 8 ? hi >> (<u64>(56 - i * 8)) : lo >> (<u64>(56 - (i - 8) * 8))) & 0xff);
    if (i == 6) x = (x & 0x0f) | 0x40;
    if (i == 8) x = (x & 0x3f) | 0x80;
    if (i == 4 || i == 6 || i == 8 || i == 10) bufByte(b, 45);
    const h = x >> 4, l = x & 15;
    bufByte(b, h < 10 ? 48 + h : 87 + h);
    bufByte(b, l < 10 ? 48 + l : 87 + l);
  }
  return memoPut(k, bufToStr(b));
}
