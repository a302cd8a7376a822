/* Comparing results and errors with a case's expectations. */

/** JSON text with object keys sorted, so that key order never matters. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']';
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return '{' + Object.keys(o).sort().map((k) => JSON.stringify(k) + ':' + canonical(o[k])).join(',') + '}';
  }
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : JSON.stringify(String(v));
  return JSON.stringify(v) ?? 'undefined';
}

/** The value with every array sorted (recursively), for order-insensitive comparison. */
export function deepSorted(v: unknown): unknown {
  if (Array.isArray(v)) {
    return v.map(deepSorted).map((x) => [canonical(x), x] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((p) => p[1]);
  }
  if (v !== null && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) o[k] = deepSorted(x);
    return o;
  }
  return v;
}

/**
 * Compare binding lists. With `sortBindings` order does not matter, neither of the solutions nor inside the
 * values: OPA's expectations under `sort_bindings` are only consistent with an order-insensitive comparison
 * at every depth (e.g. a set holding `{}` and `set()` is expected as `[[], {}]`, while OPA orders objects
 * before sets), so both sides are compared with every array sorted.
 */
export function sameResults(got: unknown[], want: unknown[], sortBindings: boolean): boolean {
  if (got.length !== want.length) return false;
  const g = (sortBindings ? got.map(deepSorted) : got).map(canonical);
  const w = (sortBindings ? want.map(deepSorted) : want).map(canonical);
  if (sortBindings) {
    g.sort();
    w.sort();
  }
  return g.every((x, i) => x === w[i]);
}

/**
 * Does an error (code, message) satisfy `want_error_code` / `want_error`? OPA sometimes writes the whole
 * rendered error (`test-0.rego:4: eval_type_error: msg`) into want_error; the `file:row: code:` prefix names a
 * location our wasm runtime cannot know, so it is matched on the code and the message after it.
 */
export function errorMatches(code: string, message: string, wantCode?: string, wantError?: string): boolean {
  if (wantCode !== undefined && wantCode !== code) return false;
  if (wantError === undefined || wantError === '') return true;
  const full = `${code}: ${message}`;
  if (message.includes(wantError) || full.includes(wantError)) return true;
  const m = /^[^\s:]+:\d+: ([a-z_]+): ([\s\S]*)$/.exec(wantError);
  if (m) return m[1] === code && message.includes(m[2]);
  return false;
}
