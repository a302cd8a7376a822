import type { Catalogue, Customer } from './types';
import type { CatalogueIssue } from './errors';
import { fieldPath } from './errors';

/**
 * Checks the lifecycle records of an agreement that a schema cannot: the termination record (S13) and the
 * transfer request (S14) name their days in a possible order (that each day exists, the schema's `format: date`
 * checks), a transfer moves services the customer has and goes to an account that is not the provider's own.
 */
export function checkLifecycleRecords(cat: Catalogue, cust: Customer): CatalogueIssue[] {
  const locate = cat.locate.get(`customer:${cust.id}`)!;
  const out: CatalogueIssue[] = [];
  const issue = (p: Array<string | number>, message: string) => out.push({ ...locate(p), field: fieldPath(p), message });
  const notBefore = (base: Array<string | number>, later: string | undefined, laterKey: string, earlier: string, earlierKey: string) => {
    if (later && later < earlier) issue([...base, laterKey], `${later} is before ${earlierKey} (${earlier})`);
  };

  const recorded = cust.agreement.termination.recorded;
  if (recorded) {
    const at = ['agreement', 'termination', 'recorded'];
    notBefore(at, recorded.effective, 'effective', recorded.date, 'date');
    notBefore(at, recorded.exportConfirmed, 'exportConfirmed', recorded.date, 'date');
  }

  const transfer = cust.agreement.transfer;
  if (transfer) {
    const at = ['agreement', 'transfer'];
    notBefore(at, transfer.confirmed, 'confirmed', transfer.requested, 'requested');
    const subscribed = new Set(cust.subscriptions.map((s) => s.service));
    (transfer.services ?? []).forEach((s, i) => {
      if (!subscribed.has(s)) issue([...at, 'services', i], `"${s}" is not a service ${cust.id} subscribes to (subscribed: ${[...subscribed].join(', ')})`);
    });
    if (transfer.method === 'handover' && transfer.services) {
      issue([...at, 'method'], 'a handover moves the whole tenancy: drop `services`, or use method copy for some services');
    }
    if (transfer.target.accountId === cat.provider.aws.accountId) {
      issue([...at, 'target', 'accountId'], `${transfer.target.accountId} is the provider's own account: a transfer goes to the customer's or another provider's account`);
    }
  }
  return out;
}
