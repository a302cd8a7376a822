import type { IConstruct } from 'constructs';
import { TerraformOutput, TerraformResource, type IAspect } from 'cdktf';
import { contextOf } from './clause-context';

/** Tag keys csm writes on every taggable resource. Policies and reports read them back. */
export const TAG = {
  managedBy: 'csm:managed-by',
  customer: 'csm:customer',
  agreement: 'csm:agreement',
  service: 'csm:service',
  scenario: 'csm:scenario',
  clauses: 'csm:clauses',
} as const;

interface Taggable {
  tags?: Record<string, string>;
  tagsInput?: Record<string, string>;
}

function isTaggable(node: IConstruct): node is TerraformResource & Taggable {
  return node instanceof TerraformResource && 'tagsInput' in node;
}

/**
 * The one place where clause metadata reaches the synthesized Terraform: tags on every taggable resource and
 * the clause list in every output's description. Constructs only declare what they serve (`serves()`).
 */
export class ClauseTagging implements IAspect {
  visit(node: IConstruct): void {
    if (isTaggable(node)) {
      const ctx = contextOf(node);
      const tags: Record<string, string> = { [TAG.managedBy]: 'csm' };
      if (ctx.customer) tags[TAG.customer] = ctx.customer;
      if (ctx.agreement) tags[TAG.agreement] = ctx.agreement;
      if (ctx.service) tags[TAG.service] = ctx.service;
      if (ctx.scenario) tags[TAG.scenario] = ctx.scenario;
      if (ctx.clauses.length) tags[TAG.clauses] = ctx.clauses.join(' ');
      // Tags a construct set itself (a Name, say) stay; csm's own keys always win.
      node.tags = { ...(node.tagsInput ?? {}), ...tags };
    } else if (node instanceof TerraformOutput) {
      const ctx = contextOf(node);
      const serves = `[ISO/IEC 20000-1 ${ctx.clauses.join(', ') || 'n/a'}; ${ctx.scenario || 'no scenario'}]`;
      if (!node.description?.includes('[ISO/IEC 20000-1')) node.description = `${node.description ?? ''} ${serves}`.trim();
    }
  }
}
