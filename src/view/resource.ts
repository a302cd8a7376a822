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
  /** AWS region of the provider configuration the resource uses. */
  region: string | null;
  action: Action;
  /**
   * Attribute values after the change (before it, for a delete). A value only known after apply is the
   * Terraform reference it comes from, written `${aws_kms_key.x.arn}` at both gates.
   */
  values: Record<string, unknown>;
  /** Values before the change (plan gate, existing resources only). */
  before: Record<string, unknown> | null;
  tags: Record<string, string>;
  customer: string | null;
  service: string | null;
  scenario: string | null;
  clauses: string[];
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
}

export function collapseActions(actions: readonly string[]): Action {
  if (actions.includes('create') && actions.includes('delete')) return 'replace';
  return (actions[0] ?? 'no-op') as Action;
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
