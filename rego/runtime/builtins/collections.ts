// object.*, array.*, union/intersection of sets of sets, walk.
import {
  vtype, vlen, T_NUM, T_SET, T_ARR, T_OBJ, T_STR, mkBool, mkInt, mkArr, arrPush, arrGet, keyAtRaw, valAtRaw,
  mkObj, mkSet, mkColl,
} from "../value";
import { collFind, collPut, ensureSorted } from "../collections";
import { equal } from "../compare";
import { numF64, numIsInt } from "../number";
import { typeErr, typeErrMsg } from "../types";

@inline function elemOf(v: usize, i: i32): usize { return vtype(v) == T_ARR ? arrGet(v, i) : keyAtRaw(v, i); }

// object.get(obj, key, default): key may be an array path.
export function bi_object_get(o: usize, k: usize, d: usize): usize {
  if (vtype(o) != T_OBJ) return typeErr("object.get", 1, "object", o);
  if (vtype(k) != T_ARR) {
    const i = collFind(o, k);
    return i < 0 ? d : valAtRaw(o, i);
  }
  let cur = o;
  const n = vlen(k);
  for (let j = 0; j < n; j++) {
    const key = arrGet(k, j);
    const t = vtype(cur);
    if (t == T_OBJ) {
      const i = collFind(cur, key);
      if (i < 0) return d;
      cur = valAtRaw(cur, i);
    } else if (t == T_ARR) {
      if (vtype(key) != T_NUM || !numIsInt(key)) return d;
      const f = numF64(key);
      if (f < 0 || f >= <f64>vlen(cur)) return d;
      cur = arrGet(cur, <i32>f);
    } else if (t == T_SET) {
      const i = collFind(cur, key);
      if (i < 0) return d;
      cur = keyAtRaw(cur, i);
    } else return d;
  }
  return cur;
}

export function bi_object_keys(o: usize): usize {
  if (vtype(o) != T_OBJ) return typeErr("object.keys", 1, "object", o);
  const n = vlen(o);
  const s = mkColl(T_SET, n);
  for (let i = 0; i < n; i++) collPut(s, keyAtRaw(o, i), 0);
  return s;
}

// recursive merge: b's values win, objects merged key by key
function unionObj(a: usize, b: usize): usize {
  const r = mkColl(T_OBJ, vlen(a) + vlen(b));
  let n = vlen(a);
  for (let i = 0; i < n; i++) collPut(r, keyAtRaw(a, i), valAtRaw(a, i));
  n = vlen(b);
  for (let i = 0; i < n; i++) {
    const k = keyAtRaw(b, i), bv = valAtRaw(b, i);
    const j = collFind(r, k);
    if (j >= 0) {
      const av = valAtRaw(r, j);
      if (vtype(av) == T_OBJ && vtype(bv) == T_OBJ) { collPut(r, k, unionObj(av, bv)); continue; }
    }
    collPut(r, k, bv);
  }
  return r;
}
export function bi_object_union(a: usize, b: usize): usize {
  if (vtype(a) != T_OBJ) return typeErr("object.union", 1, "object", a);
  if (vtype(b) != T_OBJ) return typeErr("object.union", 2, "object", b);
  return unionObj(a, b);
}
export function bi_object_union_n(a: usize): usize {
  if (vtype(a) != T_ARR) return typeErr("object.union_n", 1, "array", a);
  let r = mkObj();
  const n = vlen(a);
  for (let i = 0; i < n; i++) {
    const o = arrGet(a, i);
    if (vtype(o) != T_OBJ) return typeErrMsg("object.union_n", "operand 1 must be array of objects");
    r = unionObj(r, o);
  }
  return r;
}

// keys given as object (its keys), set or array
function keySet(name: string, k: usize): usize {
  const t = vtype(k);
  if (t == T_OBJ) return k;
  if (t != T_SET && t != T_ARR) return typeErr(name, 2, "one of {object, set, array}", k);
  if (t == T_SET) return k;
  const s = mkSet();
  const n = vlen(k);
  for (let i = 0; i < n; i++) collPut(s, arrGet(k, i), 0);
  return s;
}
export function bi_object_remove(o: usize, k: usize): usize {
  if (vtype(o) != T_OBJ) return typeErr("object.remove", 1, "object", o);
  const ks = keySet("object.remove", k);
  if (ks == 0) return 0;
  const r = mkObj();
  const n = vlen(o);
  for (let i = 0; i < n; i++) if (collFind(ks, keyAtRaw(o, i)) < 0) collPut(r, keyAtRaw(o, i), valAtRaw(o, i));
  return r;
}
export function bi_object_filter(o: usize, k: usize): usize {
  if (vtype(o) != T_OBJ) return typeErr("object.filter", 1, "object", o);
  const ks = keySet("object.filter", k);
  if (ks == 0) return 0;
  const r = mkObj();
  const n = vlen(o);
  for (let i = 0; i < n; i++) if (collFind(ks, keyAtRaw(o, i)) >= 0) collPut(r, keyAtRaw(o, i), valAtRaw(o, i));
  return r;
}

export function bi_array_concat(a: usize, b: usize): usize {
  if (vtype(a) != T_ARR) return typeErr("array.concat", 1, "array", a);
  if (vtype(b) != T_ARR) return typeErr("array.concat", 2, "array", b);
  const r = mkArr(vlen(a) + vlen(b));
  for (let i = 0; i < vlen(a); i++) arrPush(r, arrGet(a, i));
  for (let i = 0; i < vlen(b); i++) arrPush(r, arrGet(b, i));
  return r;
}
export function bi_array_slice(a: usize, s: usize, e: usize): usize {
  if (vtype(a) != T_ARR) return typeErr("array.slice", 1, "array", a);
  if (vtype(s) != T_NUM) return typeErr("array.slice", 2, "number", s);
  if (vtype(e) != T_NUM) return typeErr("array.slice", 3, "number", e);
  const n = vlen(a);
  let x = Math.floor(numF64(s)), y = Math.floor(numF64(e));
  if (x < 0) x = 0;
  if (y > <f64>n) y = <f64>n;
  const r = mkArr(4);
  if (x >= y) return r;
  for (let i = <i32>x; i < <i32>y; i++) arrPush(r, arrGet(a, i));
  return r;
}
export function bi_array_reverse(a: usize): usize {
  if (vtype(a) != T_ARR) return typeErr("array.reverse", 1, "array", a);
  const n = vlen(a);
  const r = mkArr(n);
  for (let i = n - 1; i >= 0; i--) arrPush(r, arrGet(a, i));
  return r;
}
// one level only, as OPA: [[1, [2]], 3] -> [1, [2], 3]
function flatten(r: usize, a: usize): void {
  const n = vlen(a);
  for (let i = 0; i < n; i++) {
    const x = arrGet(a, i);
    if (vtype(x) == T_ARR) { for (let j = 0; j < vlen(x); j++) arrPush(r, arrGet(x, j)); }
    else arrPush(r, x);
  }
}
export function bi_array_flatten(a: usize): usize {
  if (vtype(a) != T_ARR) return typeErr("array.flatten", 1, "array", a);
  const r = mkArr(vlen(a));
  flatten(r, a);
  return r;
}

export function bi_union(s: usize): usize {
  if (vtype(s) != T_SET) return typeErr("union", 1, "set", s);
  const r = mkSet();
  const n = vlen(s);
  for (let i = 0; i < n; i++) {
    const x = keyAtRaw(s, i);
    if (vtype(x) != T_SET) return typeErrMsg("union", "operand 1 must be set of sets");
    for (let j = 0; j < vlen(x); j++) collPut(r, keyAtRaw(x, j), 0);
  }
  return r;
}
export function bi_intersection(s: usize): usize {
  if (vtype(s) != T_SET) return typeErr("intersection", 1, "set", s);
  const n = vlen(s);
  const r = mkSet();
  if (n == 0) return r;
  for (let i = 0; i < n; i++) if (vtype(keyAtRaw(s, i)) != T_SET) return typeErrMsg("intersection", "operand 1 must be set of sets");
  const first = keyAtRaw(s, 0);
  for (let j = 0; j < vlen(first); j++) {
    const x = keyAtRaw(first, j);
    let all = true;
    for (let i = 1; i < n && all; i++) if (collFind(keyAtRaw(s, i), x) < 0) all = false;
    if (all) collPut(r, x, 0);
  }
  return r;
}

// walk(x) as a set-valued relation: emits an array of [path, value] pairs in pre-order (the planner iterates it).
function walkInto(r: usize, path: usize, v: usize): void {
  const pair = mkArr(2);
  arrPush(pair, path);
  arrPush(pair, v);
  arrPush(r, pair);
  const t = vtype(v);
  if (t != T_ARR && t != T_OBJ && t != T_SET) return;
  if (t != T_ARR) ensureSorted(v);
  const n = vlen(v);
  for (let i = 0; i < n; i++) {
    const k = t == T_ARR ? mkInt(i) : keyAtRaw(v, i);
    const child = t == T_ARR ? arrGet(v, i) : t == T_OBJ ? valAtRaw(v, i) : keyAtRaw(v, i);
    const p = mkArr(vlen(path) + 1);
    for (let j = 0; j < vlen(path); j++) arrPush(p, arrGet(path, j));
    arrPush(p, k);
    walkInto(r, p, child);
  }
}
export function bi_walk(v: usize): usize {
  const r = mkArr(16);
  walkInto(r, mkArr(0), v);
  return r;
}
