import type { Service, ServiceDesign } from './types';

/** The statuses whose design is reviewed: offered (active), or still serving its customers (deprecated). */
export const REVIEWED_STATUSES: readonly string[] = ['active', 'deprecated'];

/**
 * What a catalogue entry's design still lacks before it is a complete `Service`: the elements a draft may leave
 * open (service.schema.json). The loader keeps an entry with gaps apart from the offered services; the design
 * review rules (policies/design.rego) deny it, element by element, once it is active or deprecated.
 */
export function designGaps(entry: ServiceDesign): string[] {
  const gaps: string[] = [];
  if (!entry.owner) gaps.push('an owner');
  if (!entry.regions?.length) gaps.push('its regions');
  if (!entry.options?.length) gaps.push('its options');
  for (const o of entry.options ?? []) if (o.pricePerUnitMonth === undefined) gaps.push(`a price for option ${o.id}`);
  if (!entry.slaTiers?.length) gaps.push('its SLA tiers');
  for (const t of entry.slaTiers ?? []) {
    const missing = (['availability', 'rpoMinutes', 'rtoMinutes', 'supportHours'] as const).filter((k) => t[k] === undefined);
    if (missing.length) gaps.push(`${missing.join(', ')} of SLA tier ${t.id}`);
  }
  if (!entry.capacity) gaps.push('a capacity pool');
  else for (const k of ['poolSize', 'perCustomerQuota'] as const) if (entry.capacity[k] === undefined) gaps.push(`the capacity ${k}`);
  return gaps;
}

/** An entry with nothing left open is a `Service`: every field the model promises is there. */
export function isCompleteDesign(entry: ServiceDesign): entry is Service {
  return designGaps(entry).length === 0;
}
