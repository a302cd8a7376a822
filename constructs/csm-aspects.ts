import type { IConstruct } from 'constructs';
import { Aspects } from 'cdktf';
import { ClauseTagging } from './clause-tagging';
import { RegionPlacement } from './region-placement';

/**
 * Adds csm's cross-cutting aspects to a stack. cdktf invokes aspects from each stack down (not from the App),
 * so every csm stack calls this once in its constructor. Placement runs first so tags see the final tree.
 */
export function applyCsmAspects(stack: IConstruct): void {
  Aspects.of(stack).add(new RegionPlacement());
  Aspects.of(stack).add(new ClauseTagging());
}
