import type { IConstruct } from 'constructs';
import { TerraformProvider, TerraformResource, type IAspect } from 'cdktf';

const placements = new WeakMap<IConstruct, TerraformProvider>();

/** Declares that every resource under `scope` is created through `provider` (i.e. in its region). */
export function placeIn(scope: IConstruct, provider: TerraformProvider): void {
  placements.set(scope, provider);
}

/**
 * Sets the provider (and so the region) of each resource from the nearest scope placed with `placeIn`, so
 * constructs stay region-agnostic and never thread a provider through every resource they create.
 */
export class RegionPlacement implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource) || node.provider) return;
    for (const scope of [...node.node.scopes].reverse()) {
      const provider = placements.get(scope);
      if (provider) {
        node.provider = provider;
        return;
      }
    }
  }
}
