import { Token } from 'cdktf';
import type { Catalogue, Customer, ProviderContext, Service } from '../model/types';

/**
 * The one boundary between the catalogue (YAML, written by whoever opens a pull request) and the synthesized
 * Terraform. Terraform reads every string of a JSON configuration as a template: `${...}` interpolates,
 * `%{...}` is a directive. cdktf reads strings too, before Terraform does: `${TfToken[...]}`, `#{TfToken[...]}`,
 * `&{TfToken[...]}` and the text of a token-encoded number (`-8.1e+298`) are its token markers and would be
 * replaced by references to other resources' attributes.
 *
 * Stacks and constructs never see the catalogue model: they receive `forTerraform(catalogue)`, a deep copy in
 * which every string (values and map keys, in every field, including fields added after this was written) is
 * in its Terraform-literal form, typed `TfText` so the raw model cannot be passed where a stack expects it, and
 * registered so a stack can check at run time that what it was given came through here.
 */

declare const TERRAFORM_LITERAL: unique symbol;

/** Text from the catalogue in the form Terraform reads as literal text (`${` written `$${`, `%{` written `%%{`). */
export type TfText<S extends string = string> = S & { readonly [TERRAFORM_LITERAL]: true };

/** A value of the catalogue model as stacks see it: the same shape, read-only, every string a `TfText`. */
export type TfLiteral<T> = T extends string
  ? TfText<T>
  : T extends number | boolean | null | undefined
    ? T
    : T extends ReadonlyArray<infer E>
      ? ReadonlyArray<TfLiteral<E>>
      : T extends object
        ? { readonly [K in keyof T]: TfLiteral<T[K]> }
        : never;

export type SynthProvider = TfLiteral<ProviderContext>;
export type SynthService = TfLiteral<Service>;
export type SynthCustomer = TfLiteral<Customer>;

/** What stacks are built from: the catalogue through the boundary. */
export interface SynthCatalogue {
  readonly provider: SynthProvider;
  readonly services: ReadonlyMap<string, SynthService>;
  readonly customers: ReadonlyMap<string, SynthCustomer>;
}

/**
 * A value that cannot cross the boundary: cdktf token syntax or a number that is not finite. The loader refuses
 * both with a located error first, so meeting one here means a caller skipped the loader: a bug, not bad input.
 */
export class LiteralBoundaryError extends Error {
  constructor(where: string, problem: string) {
    super(`${where}: ${problem}: it cannot reach the synthesized Terraform (the catalogue loader should have refused it)`);
    this.name = 'LiteralBoundaryError';
  }
}

const TOKEN_MARKER = /[$#&]\{TfToken\[/;
/** cdktf's own pattern for number tokens written into strings (tokens/private/encoding.ts). */
const NUMBER_TEXT = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/g;

/** What cdktf would read as one of its tokens in `text` (a description for messages), or undefined. */
export function cdktfTokenSyntax(text: string): string | undefined {
  const marker = TOKEN_MARKER.exec(text);
  if (marker) return `cdktf token syntax "${marker[0]}...]}"`;
  for (const m of text.matchAll(NUMBER_TEXT)) {
    if (Token.isUnresolved(parseFloat(m[0]))) return `the text of a cdktf number token ("${m[0]}")`;
  }
  return undefined;
}

/** A number cdktf or Terraform would not take as the number it is: not finite, or a token-encoded double. */
export function unsafeNumber(n: number): string | undefined {
  if (!Number.isFinite(n)) return `${n} is not a finite number`;
  if (Token.isUnresolved(n)) return `${n} is a cdktf token-encoded number`;
  return undefined;
}

/** One string in its Terraform-literal form. Replacement functions, since in a replacement string `$$` means `$`. */
export function terraformLiteral(text: string, where = 'text'): TfText {
  const problem = cdktfTokenSyntax(text);
  if (problem) throw new LiteralBoundaryError(where, problem);
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{') as TfText;
}

const issued = new WeakSet<object>();

function literalCopy(value: unknown, where: string): unknown {
  if (typeof value === 'string') return terraformLiteral(value, where);
  if (typeof value === 'number') {
    const problem = unsafeNumber(value);
    if (problem) throw new LiteralBoundaryError(where, problem);
    return value;
  }
  if (value === null || value === undefined || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return Object.freeze(value.map((v, i) => literalCopy(v, `${where}[${i}]`)));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    // defineProperty: a YAML key `__proto__` is data like any other, never the object's prototype.
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, terraformLiteral(k, `${where} (key "${k}")`), { value: literalCopy(v, `${where}.${k}`), enumerable: true });
    }
    return Object.freeze(out);
  }
  // Only what YAML can produce exists in the model: anything else is a bug to hear about, not to pass on.
  throw new LiteralBoundaryError(where, `a ${Object.prototype.toString.call(value)} is not catalogue data`);
}

function issue<T extends object>(value: T): T {
  issued.add(value);
  return value;
}

/** The catalogue as stacks and constructs may see it: every string Terraform-literal, every number finite. */
export function forTerraform(catalogue: Catalogue): SynthCatalogue {
  const copy = <T>(value: unknown, where: string) => issue(literalCopy(value, where) as object) as T;
  const byId = <T>(map: ReadonlyMap<string, unknown>, key: string) =>
    new Map([...map].map(([id, v]) => [id, copy<T>(v, catalogue.files.get(`${key}:${id}`) ?? `${key} ${id}`)]));
  return issue({
    provider: copy<SynthProvider>(catalogue.provider, catalogue.files.get('provider') ?? 'provider'),
    services: byId<SynthService>(catalogue.services, 'service'),
    customers: byId<SynthCustomer>(catalogue.customers, 'customer'),
  });
}

/**
 * Refuses, at run time, a value that did not come through `forTerraform` (a raw model cast past the types, or
 * handed in from plain JavaScript). Stacks call it on what they build from.
 */
export function assertThroughBoundary(what: string, ...values: ReadonlyArray<object | undefined>): void {
  for (const v of values) {
    if (v !== undefined && !issued.has(v)) {
      throw new LiteralBoundaryError(what, 'a catalogue value that did not come through forTerraform()');
    }
  }
}
