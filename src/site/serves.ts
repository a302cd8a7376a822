/**
 * What each kind of page of the published site serves. The pages name it in their footers; `csm trace`
 * lists the pages under these clauses and scenarios.
 */
export interface Serving {
  scenarios: readonly string[];
  clauses: readonly string[];
}

export const SITE_SERVES = {
  /** The catalogue that customers and other parties read, with every service's options (S03). */
  index: { scenarios: ['S03', 'S07'], clauses: ['4.3', '6.1', '7.1'] },
  service: { scenarios: ['S03'], clauses: ['4.3', '6.1', '6.5', '7.1'] },
  /** The documented agreement: parties, terms, SLA targets, exit, charges (S06, S07). */
  agreement: { scenarios: ['S06', 'S07'], clauses: ['6.1', '6.4', '7.1', '9.2'] },
  /** The provider's context, the service management policy and commitments, and the plan (S01, S02). */
  provider: { scenarios: ['S01', 'S02'], clauses: ['4.1', '4.1.1', '4.1.2', '4.3', '4.4', '4.5.1', '4.5.2', '7.1'] },
  /** The improvement register (S12). */
  improvements: { scenarios: ['S12'], clauses: ['4.3', '4.5.4', '4.5.5', '4.5.5.2'] },
} as const satisfies Record<string, Serving>;
