// json.patch (RFC 6902: add, remove, replace, move, copy, test). Paths are JSON pointers ("/a/0", ~0 ~1
// escapes; OPA also takes them without the leading "/") or arrays of segments. The document is never mutated: containers are copied along the path. Any
// failing operation makes the result undefined.
import {
  vtype, vlen, T_STR, T_ARR, T_OBJ, T_SET, T_NUM, mkArr, arrPush, arrGet, keyAtRaw, valAtRaw, strPtr, strLen,
  lit, mkColl,
} from "../value";
import { collFind, collPut } from "../collections";
import { equal } from "../compare";
import { numF64, numIsInt } from "../number";
import { typeErr } from "../types";
import { bufNew, bufByte, bufToStr } from "../buf";

// path value -> array of segment values, or 0
function segments(p: usize): usize {
  if (vtype(p) == T_ARR) return p;
  if (vtype(p) != T_STR) return 0;
  const s = strPtr(p), n = strLen(p);
  const r = mkArr(4);
  if (n == 0) return r;
  // OPA drops every leading "/" (so "a/b" is "/a/b"), then splits the rest on "/"
  let i = 0;
  while (i < n && load<u8>(s + <usize>i) == 47) i++;
  let b = bufNew(16);
  for (; i <= n; i++) {
    if (i == n || load<u8>(s + <usize>i) == 47) { arrPush(r, bufToStr(b)); b = bufNew(16); continue; }
    const c = <u32>load<u8>(s + <usize>i);
    if (c == 126 && i + 1 < n && load<u8>(s + <usize>(i + 1)) == 49) { bufByte(b, 47); i++; }
    else if (c == 126 && i + 1 < n && load<u8>(s + <usize>(i + 1)) == 48) { bufByte(b, 126); i++; }
    else bufByte(b, c);
  }
  return r;
}

// array index from a segment: -2 for "-", -1 when invalid
function index(seg: usize): i32 {
  if (vtype(seg) == T_NUM) {
    if (!numIsInt(seg)) return -1;
    const f = numF64(seg);
    return f < 0 || f > 1e9 ? -1 : <i32>f;
  }
  if (vtype(seg) != T_STR) return -1;
  const p = strPtr(seg), n = strLen(seg);
  if (n == 1 && load<u8>(p) == 45) return -2;
  if (n == 0 || (n > 1 && load<u8>(p) == 48) || n > 9) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = load<u8>(p + <usize>i);
    if (c < 48 || c > 57) return -1;
    v = v * 10 + <i32>(c - 48);
  }
  return v;
}

function getAt(v: usize, segs: usize, upto: i32): usize {
  let cur = v;
  for (let i = 0; i < upto; i++) {
    const seg = arrGet(segs, i);
    const t = vtype(cur);
    if (t == T_OBJ) {
      const f = collFind(cur, seg);
      if (f < 0) return 0;
      cur = valAtRaw(cur, f);
    } else if (t == T_ARR) {
      const k = index(seg);
      if (k < 0 || k >= vlen(cur)) return 0;
      cur = arrGet(cur, k);
    } else if (t == T_SET) {
      const f = collFind(cur, seg);
      if (f < 0) return 0;
      cur = keyAtRaw(cur, f);
    } else return 0;
  }
  return cur;
}

const ADD = 0, REPLACE = 1, REMOVE = 2;

function copyObj(o: usize): usize {
  const r = mkColl(vtype(o), vlen(o) + 1);
  for (let i = 0; i < vlen(o); i++) collPut(r, keyAtRaw(o, i), vtype(o) == T_OBJ ? valAtRaw(o, i) : 0);
  return r;
}

// apply at container c with key seg; returns the new container or 0
function applyLast(c: usize, seg: usize, mode: i32, val: usize): usize {
  const t = vtype(c);
  if (t == T_OBJ) {
    const f = collFind(c, seg);
    if (mode != ADD && f < 0) return 0;
    if (mode == REMOVE) {
      const r = mkColl(T_OBJ, vlen(c));
      for (let i = 0; i < vlen(c); i++) if (i != f) collPut(r, keyAtRaw(c, i), valAtRaw(c, i));
      return r;
    }
    const r = copyObj(c);
    collPut(r, seg, val);
    return r;
  }
  if (t == T_ARR) {
    const n = vlen(c);
    let k = index(seg);
    if (k == -2 && mode == ADD) k = n;
    if (k < 0 || k > n || (mode != ADD && k == n)) return 0;
    const r = mkArr(n + 1);
    for (let i = 0; i < n; i++) {
      if (i == k) {
        if (mode == ADD) { arrPush(r, val); arrPush(r, arrGet(c, i)); }
        else if (mode == REPLACE) arrPush(r, val);
        continue;
      }
      arrPush(r, arrGet(c, i));
    }
    if (k == n) arrPush(r, val);
    return r;
  }
  if (t == T_SET) {
    // sets: a member is its own key, so add inserts the value only when the segment names that same value
    // (OPA fails the patch otherwise); remove deletes the member named by the segment
    if (mode == ADD) {
      if (!equal(seg, val)) return 0;
      const r = copyObj(c);
      collPut(r, val, 0);
      return r;
    }
    const f = collFind(c, seg);
    if (f < 0) return 0;
    const s = mkColl(T_SET, vlen(c));
    for (let i = 0; i < vlen(c); i++) if (i != f) collPut(s, keyAtRaw(c, i), 0);
    if (mode == REPLACE) collPut(s, val, 0);
    return s;
  }
  return 0;
}

function applyAt(v: usize, segs: usize, i: i32, mode: i32, val: usize): usize {
  const n = vlen(segs);
  if (n == 0) return mode == REMOVE ? 0 : val;
  const seg = arrGet(segs, i);
  if (i == n - 1) return applyLast(v, seg, mode, val);
  const child = childOf(v, seg);
  if (child == 0) return 0;
  const nc = applyAt(child, segs, i + 1, mode, val);
  if (nc == 0) return 0;
  return applyLast(v, seg, REPLACE, nc);
}
function childOf(v: usize, seg: usize): usize {
  const t = vtype(v);
  if (t == T_OBJ) { const f = collFind(v, seg); return f < 0 ? 0 : valAtRaw(v, f); }
  if (t == T_ARR) { const k = index(seg); return k < 0 || k >= vlen(v) ? 0 : arrGet(v, k); }
  if (t == T_SET) { const f = collFind(v, seg); return f < 0 ? 0 : keyAtRaw(v, f); }
  return 0;
}

function field(op: usize, name: string): usize {
  const f = collFind(op, lit(name));
  return f < 0 ? 0 : valAtRaw(op, f);
}
function isPrefix(a: usize, b: usize): bool {
  if (vlen(a) >= vlen(b)) return false;
  for (let i = 0; i < vlen(a); i++) if (!equal(arrGet(a, i), arrGet(b, i))) return false;
  return true;
}
@inline function is(s: usize, w: string): bool {
  if (vtype(s) != T_STR || strLen(s) != w.length) return false;
  for (let i = 0; i < w.length; i++) if (load<u8>(strPtr(s) + <usize>i) != <u8>w.charCodeAt(i)) return false;
  return true;
}

export function bi_json_patch(doc: usize, patches: usize): usize {
  const pt = vtype(patches);
  if (pt != T_ARR) return typeErr("json.patch", 2, "array", patches);
  let cur = doc;
  for (let i = 0; i < vlen(patches); i++) {
    const op = arrGet(patches, i);
    if (vtype(op) != T_OBJ) return 0;
    const kind = field(op, "op"), pathV = field(op, "path");
    if (kind == 0 || pathV == 0) return 0;
    const path = segments(pathV);
    if (path == 0) return 0;
    let next: usize = 0;
    if (is(kind, "add") || is(kind, "replace")) {
      const val = field(op, "value");
      if (val == 0) return 0;
      next = applyAt(cur, path, 0, is(kind, "add") ? ADD : REPLACE, val);
    } else if (is(kind, "remove")) {
      next = applyAt(cur, path, 0, REMOVE, 0);
    } else if (is(kind, "move") || is(kind, "copy")) {
      const fromV = field(op, "from");
      if (fromV == 0) return 0;
      const from = segments(fromV);
      if (from == 0) return 0;
      const val = getAt(cur, from, vlen(from));
      if (val == 0) return 0;
      if (is(kind, "move")) {
        if (isPrefix(from, path)) return 0;
        const removed = applyAt(cur, from, 0, REMOVE, 0);
        if (removed == 0) return 0;
        next = applyAt(removed, path, 0, ADD, val);
      } else next = applyAt(cur, path, 0, ADD, val);
    } else if (is(kind, "test")) {
      const val = field(op, "value");
      const got = getAt(cur, path, vlen(path));
      if (val == 0 || got == 0 || !equal(got, val)) return 0;
      next = cur;
    } else return 0;
    if (next == 0) return 0;
    cur = next;
  }
  return cur;
}
