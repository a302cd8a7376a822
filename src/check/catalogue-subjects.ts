import { summarize, type CheckReport } from './report';
import { reviewGovernance } from './govern';
import { reviewDesigns, servicesToReview, type DesignReviewOptions } from '../design/review-gate';

export interface CatalogueSubjectsOptions extends Omit<DesignReviewOptions, 'services'> {
  /** With a base: whether the change touches what every design is built from (provider, policies, code). */
  everything: boolean;
}

/**
 * What `csm check` judges of the catalogue beside the customers' stacks: the provider's management policy
 * (once), and the design review of every service that is active or deprecated. Their results join the
 * report's, so they count, print, and go into the evidence like any stack's.
 */
export async function checkCatalogueSubjects(report: CheckReport, o: CatalogueSubjectsOptions): Promise<void> {
  const governance = await reviewGovernance(o);
  report.results.push(governance);
  o.onResult?.(governance);
  report.results.push(...(await reviewDesigns({ ...o, services: servicesToReview(o.catalogue, o.base, o.everything) })));
  report.summary = summarize(report.results);
}
