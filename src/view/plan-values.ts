import { createHash } from 'crypto';
import { formatSteps, type Step } from './address';
import { isLeafExpression, type Expression, type Resolved } from './plan-config';

/**
 * A resource's values at the plan gate, in Terraform's template notation, the notation cdk.tf.json is written
 * in at the synth gate:
 * - a value the plan knows is kept as planned, never replaced by a configuration expression; a literal `${` or
 *   `%{` in it is escaped (`$${`, `%%{`) as Terraform's own templates escape it, so no known value can pass
 *   for an unknown one;
 * - a value known only after apply is the unknown marker: a string of interpolations naming what it derives
 *   from, `${aws_kms_key.k.arn}` (several references: `${a} ${b}`), or, when the configuration does not set it
 *   and the provider will, the resource's own attribute as Terraform names it from inside the resource,
 *   `${self.encrypted}`. A JSON
 *   configuration (cdk.tf.json) reports its source text; that text is used as it is. Policies test the marker
 *   with `lib.unknown` and never read it as absent, false or zero.
 */
export interface ValueContext {
  /** The resource instance the values belong to. */
  address: string;
  type: string;
  /** Resolves an expression's references from the resource's own module instance. */
  resolve: (references: readonly string[]) => Resolved;
}

export function escapeTemplate(text: string): string {
  return text.includes('${') || text.includes('%{') ? text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{') : text;
}

/**
 * Sets an own property, whatever the key: a plan is data, and an attribute named `__proto__` stays an attribute
 * (an assignment would set the object's prototype instead and drop it from what policies see).
 */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Known values with every string escaped; a value with nothing to escape is returned as it is (no copy). */
export function escapeKnown(value: unknown): unknown {
  if (typeof value === 'string') return escapeTemplate(value);
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((v, i) => {
      const e = escapeKnown(v);
      if (e !== v) (out ??= [...value])[i] = e;
    });
    return out ?? value;
  }
  if (value && typeof value === 'object') {
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value)) {
      const e = escapeKnown(v);
      if (e !== v) setOwn((out ??= { ...(value as Record<string, unknown>) }), k, e);
    }
    return out ?? value;
  }
  return value;
}

const mentionsInterpolation = (v: unknown): boolean =>
  typeof v === 'string' ? v.includes('${') : Array.isArray(v) ? v.some(mentionsInterpolation) : !!v && typeof v === 'object' && Object.values(v).some(mentionsInterpolation);

/**
 * The expression for one value: `exact` when the configuration wrote this very value (its constant is this
 * value's source text), inherited when an enclosing expression covers it (`tags = var.tags`, a list attribute).
 */
interface At {
  expr?: Expression;
  exact: boolean;
  /** Nested block expressions (lists of objects) or attribute expressions by name. */
  nested?: unknown;
}

function at(expression: unknown, exact = true): At {
  if (isLeafExpression(expression)) return { expr: expression, exact };
  return { exact: false, nested: expression };
}

function child(parent: At, key: string | number): At {
  if (parent.expr) {
    // A leaf covering a list or a map: an element has the leaf's references; its source text is the element's.
    const constant = parent.expr.constant_value as Record<string | number, unknown> | undefined;
    const sub = constant && typeof constant === 'object' ? constant[key] : undefined;
    return sub !== undefined && parent.exact ? { expr: { constant_value: sub, references: parent.expr.references }, exact: true } : { expr: parent.expr, exact: false };
  }
  const nested = parent.nested;
  if (Array.isArray(nested)) return typeof key === 'number' && nested[key] !== undefined ? at(nested[key]) : { exact: false };
  if (nested && typeof nested === 'object') return at((nested as Record<string, unknown>)[key]);
  return { exact: false };
}

/** Where a value sits inside its resource, as a chain (formatted only when a marker needs it). */
interface Path {
  parent?: Path;
  step: Step;
}

function steps(path: Path | undefined): Step[] {
  const out: Step[] = [];
  for (let p = path; p; p = p.parent) out.unshift(p.step);
  return out;
}

function marker(ctx: ValueContext, where: At, path: Path | undefined): unknown {
  const e = where.expr;
  if (e && where.exact && e.references?.length && mentionsInterpolation(e.constant_value)) return e.constant_value;
  const { resolved, unresolved } = e?.references?.length ? ctx.resolve(e.references) : { resolved: [], unresolved: [] };
  const parts = [...resolved, ...unresolved];
  if (parts.length) return parts.map((p) => `\${${p}}`).join(' ');
  const text = formatSteps(steps(path));
  return `\${self${text.startsWith('[') ? '' : '.'}${text}}`;
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object';

/** Whether anything in an `after_unknown` subtree is unknown (`true`); most subtrees are all `false` and empty lists. */
function anyUnknown(u: unknown): boolean {
  if (u === true) return true;
  if (Array.isArray(u)) return u.some(anyUnknown);
  if (isObj(u)) {
    for (const k in u) if (anyUnknown(u[k])) return true;
  }
  return false;
}

function merge(ctx: ValueContext, planned: unknown, unknown: unknown, where: At, path: Path | undefined): unknown {
  if (unknown === true) return marker(ctx, where, path);
  // Nothing below is unknown: the planned value as it is (escaped), whatever the configuration says.
  if (!isObj(unknown) || (planned !== undefined && !anyUnknown(unknown))) return escapeKnown(planned);
  if (Array.isArray(planned) || Array.isArray(unknown)) {
    const p = Array.isArray(planned) ? planned : [];
    const u = Array.isArray(unknown) ? unknown : [];
    return Array.from({ length: Math.max(p.length, u.length) }, (_, i) =>
      u[i] === true || isObj(u[i]) ? merge(ctx, p[i], u[i], child(where, i), { parent: path, step: { name: '', key: i } }) : escapeKnown(p[i]),
    );
  }
  const p = isObj(planned) ? planned : {};
  const u = unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(p)) {
    const uk = key === '__proto__' && !Object.hasOwn(u, key) ? undefined : u[key];
    // Most attributes are known all the way down: no expression or path is needed for them.
    setOwn(out, key, uk === true || isObj(uk) ? merge(ctx, p[key], uk, child(where, key), { parent: path, step: { name: key } }) : escapeKnown(p[key]));
  }
  for (const key of Object.keys(u)) {
    if (Object.hasOwn(p, key) || u[key] === false || u[key] === undefined) continue;
    setOwn(out, key, merge(ctx, undefined, u[key], child(where, key), { parent: path, step: { name: key } }));
  }
  return out;
}

/**
 * Attributes the provider stores as a hash of what the configuration wrote (`user_data` on instances): the
 * view shows the configuration's literal text once it hashes to the planned value, so rules can read it.
 */
const HASHED_IN_STATE: Record<string, string[]> = { aws_instance: ['user_data'], aws_launch_configuration: ['user_data'] };

/** The provider's hash: SHA-1 of the base64-decoded text when it is strict base64, else of the text. */
function userDataHash(text: string): string {
  const base64 = text.length > 0 && text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);
  return createHash('sha1').update(base64 ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8')).digest('hex');
}

function revealHashed(ctx: ValueContext, values: Record<string, unknown>, expressions: Record<string, unknown> | undefined): void {
  for (const attribute of Object.hasOwn(HASHED_IN_STATE, ctx.type) ? HASHED_IN_STATE[ctx.type] : []) {
    const planned = values[attribute];
    const written = (expressions?.[attribute] as Expression | undefined)?.constant_value;
    if (typeof planned === 'string' && /^[0-9a-f]{40}$/.test(planned) && typeof written === 'string' && userDataHash(written) === planned) {
      values[attribute] = escapeTemplate(written);
    }
  }
}

/** The planned values of one resource instance (`change.after` with `after_unknown`), in the view's notation. */
export function plannedValues(ctx: ValueContext, after: Record<string, unknown>, afterUnknown: unknown, expressions: Record<string, unknown> | undefined): Record<string, unknown> {
  const values = merge(ctx, after, isObj(afterUnknown) ? afterUnknown : {}, { exact: false, nested: expressions }, undefined) as Record<string, unknown>;
  revealHashed(ctx, values, expressions);
  return values;
}
