import { createHash } from 'crypto';
import { UsageError } from '../cli/command';

/** One shard of a fleet-wide run: the k-th of n (1-based), as `--shard k/n` names it. */
export interface Shard {
  index: number;
  count: number;
}

/** Shards past this are a mistake, not a fleet: a CI matrix has at most 256 jobs. */
export const MAX_SHARDS = 256;

/** `--shard k/n`: 1 <= k <= n <= 256, both whole numbers written plainly. */
export function parseShard(text: string): Shard {
  const m = /^([1-9][0-9]{0,2})\/([1-9][0-9]{0,2})$/.exec(text);
  const shard = m && { index: Number(m[1]), count: Number(m[2]) };
  if (!shard || shard.index > shard.count || shard.count > MAX_SHARDS) {
    throw new UsageError(`--shard ${text}: must be k/n with 1 <= k <= n <= ${MAX_SHARDS} (e.g. --shard 2/4)`);
  }
  return shard;
}

export const shardName = (s: Shard) => `${s.index}/${s.count}`;

/** The weight of a stack in a shard: the first 48 bits of sha256(`<shard>/<stack>`), a number JavaScript holds exactly. */
function weight(stack: string, index: number): number {
  return createHash('sha256').update(`${index}/${stack}`).digest().readUIntBE(0, 6);
}

/**
 * The shard (1..n) a stack belongs to, by rendezvous hashing: each shard draws a weight for the stack from a
 * hash of both names and the heaviest takes it. The stack's shard depends on its own name and n only, so a
 * customer added to the fleet moves no other stack; going from n to n+1 shards moves only the stacks the new
 * shard wins (about 1 in n+1), where `hash mod n` would move most of them.
 */
export function shardOf(stack: string, count: number): number {
  let best = 1;
  let bestWeight = -1;
  for (let k = 1; k <= count; k++) {
    const w = weight(stack, k);
    if (w > bestWeight) {
      best = k;
      bestWeight = w;
    }
  }
  return best;
}

/** The stacks of `stacks` that belong to `shard` (all of them without one), in the order given. */
export function inShard<T>(items: T[], shard: Shard | undefined, key: (item: T) => string): T[] {
  return shard ? items.filter((item) => shardOf(key(item), shard.count) === shard.index) : items;
}
