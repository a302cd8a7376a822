// json.remove / json.filter: paths as "a/b/0" strings or arrays of segments, compiled into a trie (an object of
// segment -> child trie; the null key marks the end of a path).
import {
  vtype, vlen, T_STR, T_ARR, T_OBJ, T_SET, T_NUM, mkNull, mkStr, mkObj, mkArr, arrPush, arrGet, keyAtRaw, valAtRaw,
  strPtr, strLen, mkInt,
} from "../value";
import { collFind, collPut } from "../collections";
import { typeErr, typeErrMsg } from "../types";
import { bufNew, bufByte, bufToStr } from "../buf";
import { dumpV } from "../json";

function segKey(v: usize): usize {
  if (vtype(v) == T_STR) return v;
  return dumpV(v, 1); // numbers and others by their text: array indexes match "0"
}

function addPath(trie: usize, segs: usize): void {
  let node = trie;
  const n = vlen(segs);
  if (n == 0) return; // an empty path selects nothing (OPA skips it)
  for (let i = 0; i < n; i++) {
    const k = segKey(arrGet(segs, i));
    const f = collFind(node, k);
    let child: usize;
    if (f < 0) { child = mkObj(); collPut(node, k, child); }
    else child = valAtRaw(node, f);
    node = child;
  }
  collPut(node, mkNull(), mkNull());
}

// A "/"-separated path as OPA's parsePath reads it: every leading "/" is dropped, the rest split on "/", and
// "~1" / "~0" in a segment stand for "/" and "~".
function splitPath(s: usize): usize {
  const p = strPtr(s), n = strLen(s);
  const r = mkArr(4);
  if (n == 0) return r;
  let i = 0;
  while (i < n && load<u8>(p + <usize>i) == 47) i++;
  let b = bufNew(16);
  for (; i <= n; i++) {
    if (i == n || load<u8>(p + <usize>i) == 47) {
      arrPush(r, bufToStr(b));
      b = bufNew(16);
      continue;
    }
    const c = <u32>load<u8>(p + <usize>i);
    const d = i + 1 < n ? <u32>load<u8>(p + <usize>(i + 1)) : 0;
    if (c == 126 && d == 49) { bufByte(b, 47); i++; }
    else if (c == 126 && d == 48) { bufByte(b, 126); i++; }
    else bufByte(b, c);
  }
  return r;
}

// returns the trie, or 0 after reporting a type error
function buildTrie(name: string, paths: usize): usize {
  const t = vtype(paths);
  if (t != T_SET && t != T_ARR) return typeErr(name, 2, "one of {set, array}", paths);
  const trie = mkObj();
  const n = vlen(paths);
  for (let i = 0; i < n; i++) {
    const p = t == T_ARR ? arrGet(paths, i) : keyAtRaw(paths, i);
    if (vtype(p) == T_STR) addPath(trie, splitPath(p));
    else if (vtype(p) == T_ARR) addPath(trie, p);
    else return typeErr(name, 2, "one of {set, array} containing string paths or array of path segments", p);
  }
  return trie;
}

@inline function isEnd(node: usize): bool { return collFind(node, mkNull()) >= 0; }
function child(node: usize, k: usize): usize {
  const f = collFind(node, segKey(k));
  return f < 0 ? 0 : valAtRaw(node, f);
}

function removeRec(v: usize, node: usize): usize {
  const t = vtype(v);
  if (t == T_OBJ) {
    const r = mkObj();
    for (let i = 0; i < vlen(v); i++) {
      const k = keyAtRaw(v, i), c = child(node, k);
      if (c == 0) collPut(r, k, valAtRaw(v, i));
      else if (!isEnd(c)) collPut(r, k, removeRec(valAtRaw(v, i), c));
    }
    return r;
  }
  if (t == T_ARR) {
    const r = mkArr(vlen(v));
    for (let i = 0; i < vlen(v); i++) {
      const c = child(node, mkInt(i));
      if (c == 0) arrPush(r, arrGet(v, i));
      else if (!isEnd(c)) arrPush(r, removeRec(arrGet(v, i), c));
    }
    return r;
  }
  return v;
}

function filterRec(v: usize, node: usize): usize {
  if (isEnd(node)) return v;
  const t = vtype(v);
  if (t == T_OBJ) {
    const r = mkObj();
    for (let i = 0; i < vlen(v); i++) {
      const k = keyAtRaw(v, i), c = child(node, k);
      if (c != 0) collPut(r, k, filterRec(valAtRaw(v, i), c));
    }
    return r;
  }
  if (t == T_ARR) {
    const r = mkArr(vlen(v));
    for (let i = 0; i < vlen(v); i++) {
      const c = child(node, mkInt(i));
      if (c != 0) arrPush(r, filterRec(arrGet(v, i), c));
    }
    return r;
  }
  return v;
}

export function bi_json_remove(o: usize, paths: usize): usize {
  if (vtype(o) != T_OBJ) return typeErr("json.remove", 1, "object", o);
  const trie = buildTrie("json.remove", paths);
  if (trie == 0) return 0;
  return removeRec(o, trie);
}
export function bi_json_filter(o: usize, paths: usize): usize {
  if (vtype(o) != T_OBJ) return typeErr("json.filter", 1, "object", o);
  const trie = buildTrie("json.filter", paths);
  if (trie == 0) return 0;
  return filterRec(o, trie);
}
