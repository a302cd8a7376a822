// Regex program and matcher: the parse tree (regex-parse.ts) compiles to a small instruction list run by a
// backtracking matcher that never revisits a (pc, position) state (RE2's "bit state" technique): leftmost-first
// submatches as in Go's regexp, in time linear in program size × text length.
import { alloc } from "./alloc";
import { decodeRune, runeLen } from "./utf8";
import {
  reParse, NCAP, N_EMPTY, N_LIT, N_ANY, N_CLASS, N_CAT, N_ALT, N_REP, N_CAP, N_ASSERT,
  A_BOL, A_EOL, A_WORDB, A_NWORDB, A_BOT, A_EOT,
} from "./regex-parse";

const I_CHAR = 1, I_ANY = 2, I_CLASS = 3, I_SPLIT = 4, I_JMP = 5, I_SAVE = 6, I_ASSERT = 7, I_MATCH = 8;

// program: instructions of 16 bytes (op, x, y, z)
let PROG: usize = 0;
let PLEN = 0;
let PCAP = 0;

function emit(op: i32, x: i32, y: i32, z: i32): i32 {
  if (PLEN >= PCAP) {
    const np = alloc(<usize>(PCAP * 2) << 4);
    memory.copy(np, PROG, <usize>PLEN << 4);
    PROG = np; PCAP *= 2;
  }
  const a = PROG + (<usize>PLEN << 4);
  store<i32>(a, op); store<i32>(a, x, 4); store<i32>(a, y, 8); store<i32>(a, z, 12);
  return PLEN++;
}
@inline function setX(pc: i32, v: i32): void { store<i32>(PROG + (<usize>pc << 4), v, 4); }
@inline function setY(pc: i32, v: i32): void { store<i32>(PROG + (<usize>pc << 4), v, 8); }

function comp(n: usize): void {
  const k = load<i32>(n);
  const a = load<i32>(n, 4), b = load<i32>(n, 8), c = load<i32>(n, 12), d = load<i32>(n, 16);
  if (k == N_EMPTY) return;
  if (k == N_LIT) { emit(I_CHAR, a, b, 0); return; }
  if (k == N_ANY) { emit(I_ANY, a, 0, 0); return; }
  if (k == N_CLASS) { emit(I_CLASS, a, b, c | (d << 1)); return; }
  if (k == N_CAT) { for (let i = 0; i < b; i++) comp(<usize>load<i32>(<usize>a + (<usize>i << 2))); return; }
  if (k == N_ALT) {
    const jumps = alloc(<usize>b << 2);
    for (let i = 0; i < b; i++) {
      if (i < b - 1) {
        const sp = emit(I_SPLIT, PLEN + 1, 0, 0);
        comp(<usize>load<i32>(<usize>a + (<usize>i << 2)));
        store<i32>(jumps + (<usize>i << 2), emit(I_JMP, 0, 0, 0));
        setY(sp, PLEN);
      } else comp(<usize>load<i32>(<usize>a + (<usize>i << 2)));
    }
    for (let i = 0; i < b - 1; i++) setX(load<i32>(jumps + (<usize>i << 2)), PLEN);
    return;
  }
  if (k == N_CAP) { emit(I_SAVE, b * 2, 0, 0); comp(<usize>a); emit(I_SAVE, b * 2 + 1, 0, 0); return; }
  if (k == N_ASSERT) { emit(I_ASSERT, a, 0, 0); return; }
  // repetition: min copies, then either a loop or (max - min) optional copies
  const child = <usize>a;
  for (let i = 0; i < b; i++) comp(child);
  if (c < 0) {
    const sp = emit(I_SPLIT, 0, 0, 0);
    comp(child);
    emit(I_JMP, sp, 0, 0);
    if (d != 0) { setX(sp, sp + 1); setY(sp, PLEN); } else { setX(sp, PLEN); setY(sp, sp + 1); }
    return;
  }
  const opt = c - b;
  const splits = alloc(<usize>(opt + 1) << 2);
  for (let i = 0; i < opt; i++) {
    const sp = emit(I_SPLIT, 0, 0, 0);
    store<i32>(splits + (<usize>i << 2), sp);
    comp(child);
  }
  for (let i = 0; i < opt; i++) {
    const sp = load<i32>(splits + (<usize>i << 2));
    if (d != 0) { setX(sp, sp + 1); setY(sp, PLEN); } else { setX(sp, PLEN); setY(sp, sp + 1); }
  }
}

// Compiled regex: +0 prog ptr, +4 length, +8 number of capture groups. 0 if the pattern is invalid.
export function reCompile(p: usize, n: i32): usize {
  const root = reParse(p, n);
  if (root == 0) return 0;
  const ncap = NCAP;
  PCAP = 64; PLEN = 0; PROG = alloc(<usize>PCAP << 4);
  emit(I_SAVE, 0, 0, 0);
  comp(root);
  emit(I_SAVE, 1, 0, 0);
  emit(I_MATCH, 0, 0, 0);
  const r = alloc(12);
  store<i32>(r, <i32>PROG); store<i32>(r, PLEN, 4); store<i32>(r, ncap, 8);
  return r;
}
export function reGroups(re: usize): i32 { return load<i32>(re, 8); }

function fold(r: u32): u32 {
  if ((r >= 65 && r <= 90) || (r >= 0xc0 && r <= 0xde && r != 0xd7)) return r + 32;
  return r;
}
function classHas(ranges: usize, n: i32, r: u32): bool {
  for (let i = 0; i < n; i++) {
    const lo = <u32>load<i32>(ranges + (<usize>i << 3)), hi = <u32>load<i32>(ranges + (<usize>i << 3) + 4);
    if (r >= lo && r <= hi) return true;
  }
  return false;
}
@inline function isWord(c: u32): bool { return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95; }

// match registers: CAPS[2*(ngroups+1)] byte offsets (-1 when unset)
export let CAPS: usize = 0;

// The visited-state bitmap is reused by the searches of one builtin call (find_n, replace: one search per
// match), so memory stays O(program × text) per call instead of per match. Callers start each builtin call with
// reScratchBegin(): a buffer from an earlier call may lie in a heap region that has since been reset.
let VIS: usize = 0;
let VISWORDS: i32 = 0;
export function reScratchBegin(): void { VIS = 0; VISWORDS = 0; }

// Search text [t, t+n) from byte offset `from` for the leftmost-first match; true sets CAPS.
export function reSearch(re: usize, t: usize, n: i32, from: i32): bool {
  const prog = <usize>load<i32>(re), plen = load<i32>(re, 4), ncap = load<i32>(re, 8);
  const nslots = 2 * (ncap + 1);
  const bits = (plen * (n + 1) + 31) >> 5;
  if (VIS == 0 || VISWORDS < bits) { VIS = alloc(<usize>bits << 2); VISWORDS = bits; }
  const visited = VIS;
  memory.fill(visited, 0, <usize>bits << 2);
  const caps = alloc(<usize>nslots << 2);
  // stack of jobs: (pc, pos) or restore (-1 - slot, old value)
  let scap = 64;
  let stack = alloc(<usize>scap << 3);
  for (let start = from; start <= n; start++) {
    if (start > from && start < n && (load<u8>(t + <usize>start) & 0xc0) == 0x80) continue; // rune boundaries only
    for (let i = 0; i < nslots; i++) store<i32>(caps + (<usize>i << 2), -1);
    let sp = 0;
    store<i32>(stack, 0); store<i32>(stack, start, 4); sp = 1;
    while (sp > 0) {
      sp--;
      let pc = load<i32>(stack + (<usize>sp << 3));
      let pos = load<i32>(stack + (<usize>sp << 3), 4);
      if (pc < 0) { store<i32>(caps + (<usize>(-1 - pc) << 2), pos); continue; }
      while (true) {
        const bit = pc * (n + 1) + pos;
        const w = visited + (<usize>(bit >> 5) << 2);
        const m: u32 = <u32>1 << <u32>(bit & 31);
        if ((load<u32>(w) & m) != 0) break;
        store<u32>(w, load<u32>(w) | m);
        const ins = prog + (<usize>pc << 4);
        const op = load<i32>(ins), x = load<i32>(ins, 4), y = load<i32>(ins, 8), z = load<i32>(ins, 12);
        if (op == I_MATCH) {
          CAPS = caps;
          return true;
        }
        if (op == I_SPLIT || op == I_SAVE) {
          if (sp + 1 >= scap) {
            const ns = alloc(<usize>(scap * 2) << 3);
            memory.copy(ns, stack, <usize>scap << 3);
            stack = ns; scap *= 2;
          }
          if (op == I_SPLIT) {
            store<i32>(stack + (<usize>sp << 3), y); store<i32>(stack + (<usize>sp << 3), pos, 4); sp++;
            pc = x;
          } else {
            store<i32>(stack + (<usize>sp << 3), -1 - x);
            store<i32>(stack + (<usize>sp << 3), load<i32>(caps + (<usize>x << 2)), 4); sp++;
            store<i32>(caps + (<usize>x << 2), pos);
            pc++;
          }
          continue;
        }
        if (op == I_JMP) { pc = x; continue; }
        if (op == I_ASSERT) {
          let ok = false;
          if (x == A_BOT) ok = pos == 0;
          else if (x == A_EOT) ok = pos == n;
          else if (x == A_BOL) ok = pos == 0 || load<u8>(t + <usize>(pos - 1)) == 10;
          else if (x == A_EOL) ok = pos == n || load<u8>(t + <usize>pos) == 10;
          else {
            const before = pos > 0 && isWord(load<u8>(t + <usize>(pos - 1)));
            const after = pos < n && isWord(load<u8>(t + <usize>pos));
            ok = (before != after) == (x == A_WORDB);
          }
          if (!ok) break;
          pc++;
          continue;
        }
        // consuming instructions
        if (pos >= n) break;
        const r = decodeRune(t + <usize>pos, t + <usize>n);
        const rl = runeLen;
        let ok = false;
        if (op == I_CHAR) ok = y != 0 ? fold(r) == fold(<u32>x) : r == <u32>x;
        else if (op == I_ANY) ok = x != 0 || r != 10;
        else {
          ok = classHas(<usize>x, y, r);
          if (!ok && (z & 2) != 0) {
            const f = fold(r);
            const u = f >= 97 && f <= 122 ? f - 32 : (f >= 0xe0 && f <= 0xfe && f != 0xf7 ? f - 32 : f);
            ok = classHas(<usize>x, y, f) || classHas(<usize>x, y, u);
          }
          if ((z & 1) != 0) ok = !ok;
        }
        if (!ok) break;
        pc++;
        pos += rl;
      }
    }
  }
  return false;
}
