/*
 * Leaf builtins run in the host through the SDK's builtin imports (see runtime-api.ts JS_BUILTINS): hashing and
 * HMAC need a vetted implementation (node:crypto) rather than a hand-written one in the runtime, `io.jwt.decode` is
 * base64url and JSON, and `net.cidr_merge` is arithmetic on 128-bit addresses. Each takes and returns JSON values;
 * `undefined` is OPA's undefined (an operand of the wrong type or a malformed value, as a builtin error reads in
 * OPA's default non-strict evaluation).
 */
import { createHash, createHmac, timingSafeEqual } from 'crypto';

const str = (x: unknown): x is string => typeof x === 'string';

function digest(alg: string): (x: unknown) => string | undefined {
  return (x) => (str(x) ? createHash(alg).update(x, 'utf8').digest('hex') : undefined);
}

function hmac(alg: string): (x: unknown, key: unknown) => string | undefined {
  return (x, key) => (str(x) && str(key) ? createHmac(alg, Buffer.from(key, 'utf8')).update(x, 'utf8').digest('hex') : undefined);
}

/** crypto.hmac.equal: a comparison whose time does not depend on where the MACs differ. */
function hmacEqual(a: unknown, b: unknown): boolean | undefined {
  if (!str(a) || !str(b)) return undefined;
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

function base64url(s: string): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(s)) return undefined;
  return Buffer.from(s.replace(/=+$/, ''), 'base64url');
}

/** io.jwt.decode: [header, payload, signature as hex]; a JWE (header `enc`) or a malformed token is undefined. */
function jwtDecode(token: unknown): unknown {
  if (!str(token)) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts.map(base64url);
  if (!h || !p || !s) return undefined;
  try {
    const header = JSON.parse(h.toString('utf8')) as unknown;
    if (header === null || typeof header !== 'object' || Array.isArray(header) || 'enc' in header) return undefined;
    const payload = JSON.parse(p.toString('utf8')) as unknown;
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
    return [header, payload, s.toString('hex')];
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- net.cidr_merge

interface Net { v6: boolean; addr: bigint; bits: number }

function parseV4(s: string): bigint | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  let v = 0n;
  for (const o of m.slice(1)) {
    if (Number(o) > 255 || (o.length > 1 && o.startsWith('0'))) return undefined;
    v = (v << 8n) | BigInt(o);
  }
  return v;
}

function parseV6(s: string): bigint | undefined {
  // an embedded IPv4 tail (::ffff:1.2.3.4) is two groups written in dotted form
  let text = s;
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const x = parseV4(v4[2]);
    if (x === undefined) return undefined;
    text = `${v4[1]}${(x >> 16n).toString(16)}:${(x & 0xffffn).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const group = (h: string): bigint[] | undefined => {
    if (h === '') return [];
    const gs = h.split(':');
    if (gs.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
    return gs.map((g) => BigInt(parseInt(g, 16)));
  };
  const left = group(halves[0]);
  const right = halves.length === 2 ? group(halves[1]) : [];
  if (!left || !right) return undefined;
  const given = left.length + right.length;
  if (halves.length === 2 ? given > 7 : given !== 8) return undefined;
  const groups = [...left, ...Array<bigint>(8 - given).fill(0n), ...right];
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

function parseNet(s: string): Net | string {
  const slash = s.indexOf('/');
  const ip = slash < 0 ? s : s.slice(0, slash);
  const v6 = ip.includes(':');
  const addr = v6 ? parseV6(ip) : parseV4(ip);
  if (addr === undefined) return `invalid CIDR address: ${s}`;
  const width = v6 ? 128 : 32;
  let bits: number;
  if (slash < 0) {
    // a bare address takes Go's default mask: its class for IPv4, none for IPv6 (OPA's error)
    if (v6) return 'IPv6 invalid: needs prefix length';
    const first = Number(addr >> 24n);
    bits = first < 128 ? 8 : first < 192 ? 16 : first < 224 ? 24 : 32;
  } else {
    const len = s.slice(slash + 1);
    if (!/^\d{1,3}$/.test(len) || Number(len) > width) return `invalid CIDR address: ${s}`;
    bits = Number(len);
  }
  const hostBits = BigInt(width - bits);
  return { v6, addr: (addr >> hostBits) << hostBits, bits };
}

function formatNet(n: Net): string {
  if (!n.v6) return `${[24n, 16n, 8n, 0n].map((sh) => String((n.addr >> sh) & 255n)).join('.')}/${n.bits}`;
  const groups = Array.from({ length: 8 }, (_, i) => Number((n.addr >> BigInt(112 - 16 * i)) & 0xffffn));
  // RFC 5952, as Go prints: the longest run of two or more zero groups (the first of equals) becomes "::"
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = (gs: number[]): string => gs.map((g) => g.toString(16)).join(':');
  const text = best < 0 ? hex(groups) : `${hex(groups.slice(0, best))}::${hex(groups.slice(best + bestLen))}`;
  return `${text}/${n.bits}`;
}

/** The smallest set of networks covering the same addresses: contained networks dropped, sibling halves joined. */
function mergeNets(nets: Net[]): Net[] {
  const width = (n: Net): number => (n.v6 ? 128 : 32);
  const contains = (a: Net, b: Net): boolean =>
    a.v6 === b.v6 && a.bits <= b.bits && b.addr >> BigInt(width(a) - a.bits) === a.addr >> BigInt(width(a) - a.bits);
  let out = [...nets].sort((a, b) => (a.v6 !== b.v6 ? (a.v6 ? 1 : -1) : a.addr !== b.addr ? (a.addr < b.addr ? -1 : 1) : a.bits - b.bits));
  for (let changed = true; changed; ) {
    changed = false;
    const next: Net[] = [];
    for (const n of out) {
      const last = next[next.length - 1];
      if (last && contains(last, n)) { changed = changed || last.bits !== n.bits || last.addr !== n.addr; continue; }
      if (last && last.v6 === n.v6 && last.bits === n.bits && last.bits > 0) {
        const size = 1n << BigInt(width(n) - n.bits);
        if (last.addr + size === n.addr && (last.addr / size) % 2n === 0n) {
          next[next.length - 1] = { v6: n.v6, addr: last.addr, bits: n.bits - 1 };
          changed = true;
          continue;
        }
      }
      next.push(n);
    }
    out = next;
  }
  return out;
}

/** net.cidr_merge over an array or set (a JSON array here) of addresses and networks; the planner makes it a set. */
function cidrMerge(xs: unknown): string[] | undefined {
  if (!Array.isArray(xs)) return undefined;
  const nets: Net[] = [];
  for (const x of xs) {
    if (!str(x)) return undefined;
    const n = parseNet(x);
    if (typeof n === 'string') return undefined;
    nets.push(n);
  }
  return mergeNets(nets).map(formatNet);
}

/** Implementations by OPA name, with the number of operands each takes. */
export const HOST_BUILTINS: Record<string, { arity: number; fn: (...args: unknown[]) => unknown }> = {
  'crypto.md5': { arity: 1, fn: digest('md5') },
  'crypto.sha1': { arity: 1, fn: digest('sha1') },
  'crypto.sha256': { arity: 1, fn: digest('sha256') },
  'crypto.sha512': { arity: 1, fn: digest('sha512') },
  'crypto.hmac.md5': { arity: 2, fn: hmac('md5') },
  'crypto.hmac.sha1': { arity: 2, fn: hmac('sha1') },
  'crypto.hmac.sha256': { arity: 2, fn: hmac('sha256') },
  'crypto.hmac.sha512': { arity: 2, fn: hmac('sha512') },
  'crypto.hmac.equal': { arity: 2, fn: hmacEqual },
  'io.jwt.decode': { arity: 1, fn: jwtDecode },
  'net.cidr_merge': { arity: 1, fn: cidrMerge },
};

/** Host builtins whose OPA result is a set: JSON carries it as an array, the planner casts it back. */
export const HOST_SET_RESULTS = new Set(['net.cidr_merge']);
