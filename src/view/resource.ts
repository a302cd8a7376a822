/**
 * The one resource shape every policy reads, whether it was built from the synthesized `cdk.tf.json`
 * (before plan, no credentials) or from `terraform show -json` (after plan). Field names are snake_case
 * because policies read them.
 */
export type Gate = 'synth' | 'plan';

/** Terraform's actions, collapsed to one word: `replace` is delete+create in either order. */
export type Action = 'create' | 'update' | 'delete' | 'replace' | 'no-op' | 'read';

export interface ViewResource {
  address: string;
  type: string;
  name: string;
  /** The construct path recorded at synth (`onboard-acme/object-storage-.../bucket`), null if unknown. */
  construct_path: string | null;
  /** The module instance it sits in (`module.logs["audit"]`), null in the root module. */
  module: string | null;
  /** Its count or for_each key, null for a single instance. */
  index: string | number | null;
  /** AWS region of the provider configuration the resource uses. */
  region: string | null;
  action: Action;
  /**
   * Attribute values after the change (before it, for a delete), in Terraform's template notation at both
   * gates: a value known only after apply is the unknown marker, the interpolation it derives from
   * (`${aws_kms_key.x.arn}`), and a known string's own `${` reads `$${` (src/view/plan-values.ts).
   */
  values: Record<string, unknown>;
  /** Values before the change (plan gate, existing resources only). */
  before: Record<string, unknown> | null;
  tags: Record<string, string>;
  customer: string | null;
  service: string | null;
  scenario: string | null;
  clauses: string[];
  /** Changed outside Terraform since the last apply (`resource_drift`): how, and which attributes. */
  drift: ViewDrift | null;
  /** Brought under Terraform's management by this plan (an `import` block): new to the gate even when unchanged. */
  importing: boolean;
}

export interface ViewDrift {
  action: Action;
  /** Attributes changed outside Terraform ... */
  attributes: string[];
  /** ... and those the plan sets back to what they were. */
  reverted: string[];
}

/** A `removed { from = ..., lifecycle { destroy = false } }` block: the resource leaves management, not AWS. */
export interface ViewRemoval {
  from: string;
  destroy: boolean;
}

export interface ResourceView {
  gate: Gate;
  stack: string;
  resources: ViewResource[];
  removals: ViewRemoval[];
  /**
   * Data sources whose values the configuration reads (at the plan gate, those Terraform reads only at apply),
   * so a rule can look into the policy document behind a policy known only after apply.
   */
  data_sources?: ViewResource[];
}

export function collapseActions(actions: readonly string[]): Action {
  if (actions.includes('create') && actions.includes('delete')) return 'replace';
  return (actions[0] ?? 'no-op') as Action;
}

/**
 * The resource's tags when they are a known map; unknown or absent tags read as none. Tags are strings in every
 * AWS resource's schema; a plan that says otherwise (written by hand) keeps only its string entries.
 */
export function tagsOf(values: Record<string, unknown>): Record<string, string> {
  for (const key of ['tags', 'tags_all']) {
    const t = values[key];
    if (t && typeof t === 'object' && !Array.isArray(t)) {
      const entries = Object.entries(t);
      return entries.every(([, v]) => typeof v === 'string') ? (t as Record<string, string>) : Object.fromEntries(entries.filter(([, v]) => typeof v === 'string'));
    }
  }
  return {};
}

/** Reads csm's clause tags back (`constructs/clause-tagging.ts` writes them). */
export function tagFacts(tags: Record<string, string>): Pick<ViewResource, 'customer' | 'service' | 'scenario' | 'clauses'> {
  return {
    customer: tags['csm:customer'] ?? null,
    service: tags['csm:service'] ?? null,
    scenario: tags['csm:scenario'] ?? null,
    clauses: tags['csm:clauses'] ? tags['csm:clauses'].split(' ') : [],
  };
}
