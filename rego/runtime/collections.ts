// Objects and sets: entries appended in insertion order, sorted lazily (OPA iterates and compares in sorted
// key order), with an open-addressing hash index once the collection grows past a few entries.
// Invariant: lookups and sorting never allocate memory that the collection keeps. Values outlive the heap region
// they are read in (data loaded once, constants built at start-up, while each evaluation's heap is reset), so
// anything a collection points to is allocated when it is built (collPut), and sorting re-indexes in place.
import { alloc } from "./alloc";
import { vlen, T_OBJ, collKeys, collVals, keyAtRaw, vtype } from "./value";
import { compare, equal, hash } from "./compare";

const LINEAR_MAX: i32 = 8;

function buildIndex(c: usize): void {
  const n = vlen(c);
  let cap = 16;
  while (cap < n * 4) cap <<= 1;
  const idx = alloc(<usize>cap << 2);
  store<i32>(c, <i32>idx, 20);
  store<i32>(c, cap, 24);
  reindex(c);
}
// refill the existing index from the entries (no allocation)
function reindex(c: usize): void {
  const n = vlen(c);
  const idx = <usize>load<i32>(c, 20);
  const cap = load<i32>(c, 24);
  memory.fill(idx, 0, <usize>cap << 2);
  const mask = <u32>cap - 1;
  for (let i = 0; i < n; i++) {
    let h = hash(keyAtRaw(c, i)) & mask;
    while (load<i32>(idx + (<usize>h << 2)) != 0) h = (h + 1) & mask;
    store<i32>(idx + (<usize>h << 2), i + 1);
  }
}

// Index of key in c, or -1.
export function collFind(c: usize, key: usize): i32 {
  const n = vlen(c);
  if (n <= LINEAR_MAX || load<i32>(c, 24) == 0) {
    for (let i = 0; i < n; i++) if (equal(keyAtRaw(c, i), key)) return i;
    return -1;
  }
  const idx = <usize>load<i32>(c, 20);
  const mask = <u32>load<i32>(c, 24) - 1;
  let h = hash(key) & mask;
  while (true) {
    const e = load<i32>(idx + (<usize>h << 2));
    if (e == 0) return -1;
    if (equal(keyAtRaw(c, e - 1), key)) return e - 1;
    h = (h + 1) & mask;
  }
  return -1;
}

function indexAdd(c: usize, i: i32): void {
  const cap = load<i32>(c, 24);
  if (i + 1 <= LINEAR_MAX) return;
  if (cap == 0 || (i + 1) * 2 > cap) { buildIndex(c); return; }
  const idx = <usize>load<i32>(c, 20);
  const mask = <u32>cap - 1;
  let h = hash(keyAtRaw(c, i)) & mask;
  while (load<i32>(idx + (<usize>h << 2)) != 0) h = (h + 1) & mask;
  store<i32>(idx + (<usize>h << 2), i + 1);
}

// Insert or replace. For sets val is ignored.
export function collPut(c: usize, key: usize, val: usize): void {
  const f = collFind(c, key);
  const isObj = vtype(c) == T_OBJ;
  if (f >= 0) {
    if (isObj) store<i32>(collVals(c) + (<usize>f << 2), <i32>val);
    return;
  }
  const n = vlen(c);
  let cap = load<i32>(c, 8);
  if (n == cap) {
    cap *= 2;
    const k = alloc(<usize>cap << 2);
    memory.copy(k, collKeys(c), <usize>n << 2);
    store<i32>(c, <i32>k, 12);
    if (isObj) {
      const v = alloc(<usize>cap << 2);
      memory.copy(v, collVals(c), <usize>n << 2);
      store<i32>(c, <i32>v, 16);
    }
    store<i32>(c, cap, 8);
  }
  store<i32>(collKeys(c) + (<usize>n << 2), <i32>key);
  if (isObj) store<i32>(collVals(c) + (<usize>n << 2), <i32>val);
  store<i32>(c, n + 1, 4);
  if (n > 0 && load<u8>(c, 1) != 0 && compare(keyAtRaw(c, n - 1), key) > 0) store<u8>(c, 0, 1);
  indexAdd(c, n);
}

// Sort entries by key (stable merge sort on a permutation), then drop the index.
export function ensureSorted(c: usize): void {
  if (load<u8>(c, 1) != 0) return;
  const n = vlen(c);
  const keys = collKeys(c);
  const isObj = vtype(c) == T_OBJ;
  const vals = collVals(c);
  let a = alloc(<usize>n << 2);
  let b = alloc(<usize>n << 2);
  for (let i = 0; i < n; i++) store<i32>(a + (<usize>i << 2), i);
  for (let w = 1; w < n; w <<= 1) {
    for (let lo = 0; lo < n; lo += 2 * w) {
      const mid = min(lo + w, n), hi = min(lo + 2 * w, n);
      let i = lo, j = mid, o = lo;
      while (i < mid && j < hi) {
        const ia = load<i32>(a + (<usize>i << 2)), ja = load<i32>(a + (<usize>j << 2));
        if (compare(<usize>load<i32>(keys + (<usize>ja << 2)), <usize>load<i32>(keys + (<usize>ia << 2))) < 0) {
          store<i32>(b + (<usize>(o++) << 2), ja); j++;
        } else {
          store<i32>(b + (<usize>(o++) << 2), ia); i++;
        }
      }
      while (i < mid) store<i32>(b + (<usize>(o++) << 2), load<i32>(a + (<usize>(i++) << 2)));
      while (j < hi) store<i32>(b + (<usize>(o++) << 2), load<i32>(a + (<usize>(j++) << 2)));
    }
    const t = a; a = b; b = t;
  }
  // apply permutation a
  const nk = alloc(<usize>n << 2);
  for (let i = 0; i < n; i++) store<i32>(nk + (<usize>i << 2), load<i32>(keys + (<usize>load<i32>(a + (<usize>i << 2)) << 2)));
  memory.copy(keys, nk, <usize>n << 2);
  if (isObj) {
    for (let i = 0; i < n; i++) store<i32>(nk + (<usize>i << 2), load<i32>(vals + (<usize>load<i32>(a + (<usize>i << 2)) << 2)));
    memory.copy(vals, nk, <usize>n << 2);
  }
  if (load<i32>(c, 24) != 0) reindex(c);
  store<u8>(c, 1, 1);
}
