import type { ResourceView, ViewResource } from '../view/resource';

/**
 * `--changed-only`: what a plan touches. A resource is touched when the plan changes or imports it or it drifted, and when a
 * changed resource names it (a public access block changed for an unchanged bucket touches the bucket): by an
 * unknown marker (`${aws_s3_bucket.b.id}`) or by a value both know (the bucket's name). Findings about anything
 * else are about resources the change leaves as they are, and are left out.
 */
const IDENTIFYING = ['id', 'arn', 'name', 'bucket', 'key_id'];
const INTERPOLATION = /\$\{([^}]*)\}/g;

const changed = (r: ViewResource) => (r.action !== 'no-op' && r.action !== 'read') || r.drift !== null || r.importing;

function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => strings(x, out));
  return out;
}

export function touched(view: ResourceView): Set<string> {
  const addresses = new Set(view.resources.map((r) => r.address));
  const byValue = new Map<string, string[]>();
  for (const r of view.resources) {
    for (const a of IDENTIFYING) {
      const v = r.values[a];
      if (typeof v === 'string' && v) byValue.set(v, [...(byValue.get(v) ?? []), r.address]);
    }
  }
  /** The resource a reference names: the longest address the reference starts with. */
  const target = (ref: string): string | undefined => {
    for (let i = ref.length; i > 0; i = ref.lastIndexOf('.', i - 1)) {
      if (addresses.has(ref.slice(0, i))) return ref.slice(0, i);
    }
    return undefined;
  };
  const out = new Set<string>();
  for (const r of view.resources.filter(changed)) {
    out.add(r.address);
    for (const s of strings(r.values)) {
      for (const m of s.matchAll(INTERPOLATION)) {
        const t = target(m[1]);
        if (t) out.add(t);
      }
      for (const a of byValue.get(s) ?? []) out.add(a);
    }
  }
  return out;
}
