import type { Customer } from '../model/types';
import type { ResourceView } from '../view/resource';
import { md, mdRaw, type MdRaw } from '../render/markdown';

/** How each kind of data store leaves: the data set, its format and how the receiving side gets it. */
const DATASETS: Record<string, { kind: string; format: (formats: string[]) => string; how: string }> = {
  aws_s3_bucket: { kind: 'objects', format: (f) => (f.includes('s3-objects') ? 's3-objects' : 'objects as stored'), how: 'copy the objects (all current versions) with the transfer role, e.g. `aws s3 sync`' },
  aws_db_instance: { kind: 'database', format: (f) => (f.includes('pg_dump') ? 'pg_dump (custom format) and an RDS snapshot' : 'RDS snapshot'), how: 'copy the shared snapshot into the target account, or restore it and run pg_dump' },
  aws_ecr_repository: { kind: 'container images', format: () => 'OCI images', how: 'pull the images with the transfer role and push them to the target registry' },
};

export interface ExitPlan {
  schema: 'csm-exit-plan/1';
  customer: string;
  agreement: string;
  kind: 'transfer' | 'termination';
  terms: { noticeDays: number; assistanceDays: number; retentionDays: number; dataExport: string; formats: string[] };
  target: { to: string; accountId: string; region: string; bucket: string | null; method: string } | null;
  timeline: Array<{ date: string; event: string }>;
  datasets: Array<{ address: string; service: string | null; kind: string; name: string; format: string; how: string }>;
  steps: string[];
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The exit plan of a transfer (S14) or termination (S13): the data sets that leave, in which formats, the
 * steps, and a timeline against the agreement's exit terms (notice, assistance, retention). `view` is the
 * tenancy as synthesized, the source of the data sets.
 */
export function exitPlan(customer: Customer, kind: ExitPlan['kind'], view: ResourceView): ExitPlan {
  const t = customer.agreement.termination;
  const terms = { noticeDays: t.noticeDays, assistanceDays: t.exit.assistanceDays ?? 0, retentionDays: t.exit.retentionDays, dataExport: t.exit.dataExport, formats: t.exit.formats ?? [] };
  const datasets = view.resources
    .filter((r) => Object.hasOwn(DATASETS, r.type))
    .map((r) => {
      const d = DATASETS[r.type];
      const name = String(r.values.bucket ?? r.values.identifier ?? r.values.name ?? r.address);
      return { address: r.address, service: r.service, kind: d.kind, name, format: d.format(terms.formats), how: d.how };
    });
  const timeline: ExitPlan['timeline'] = [];
  const steps: string[] = [];
  const x = customer.agreement.transfer;
  let target: ExitPlan['target'] = null;
  if (kind === 'transfer' && x) {
    target = { to: x.to, accountId: x.target.accountId, region: x.target.region, bucket: x.target.bucket ?? null, method: x.method ?? 'copy' };
    timeline.push({ date: x.requested, event: 'transfer requested' }, { date: addDays(x.requested, terms.assistanceDays), event: `end of exit assistance (${terms.assistanceDays} days)` });
    if (x.confirmed) timeline.push({ date: x.confirmed, event: 'target confirmed it holds the data' });
    if (target.method === 'handover') {
      steps.push(
        'Review the plan: every resource is forgotten (Terraform `removed`, destroy = false), none is destroyed.',
        `Give account ${x.target.accountId} the access it needs to manage the resources (account or state handover), then \`csm apply\` the plan.`,
        'Record `agreement.transfer.confirmed` once the receiving party manages the resources.',
      );
    } else {
      steps.push(
        '`csm apply` the reviewed transfer plan: it creates the read-only transfer role, the KMS grant and one shared snapshot per database.',
        `The target (account ${x.target.accountId}) assumes role csm-${customer.id}-transfer-<region> with external id ${customer.agreement.id} and copies each data set below${x.target.bucket ? ` into bucket ${x.target.bucket}` : ''} (${x.target.region}).`,
        'The target copies each shared snapshot into its account under its own key.',
        `Record \`agreement.transfer.confirmed\` when the target confirms it holds the data; then remove \`agreement.transfer\` and \`csm plan release ${customer.id}\`: the tenancy's own stack has no grants, so its plan removes them.`,
      );
    }
  } else {
    const r = t.recorded;
    if (r) {
      timeline.push(
        { date: r.date, event: 'notice given (termination recorded)' },
        { date: addDays(r.date, t.noticeDays), event: `end of notice (${t.noticeDays} days)` },
        { date: r.effective, event: 'service delivery ends (effective date)' },
        { date: addDays(r.effective, terms.assistanceDays), event: `end of exit assistance (${terms.assistanceDays} days)` },
        { date: addDays(r.effective, terms.retentionDays), event: `end of retention (${terms.retentionDays} days): data may be destroyed without an export confirmation` },
      );
      if (r.exportConfirmed) timeline.push({ date: r.exportConfirmed, event: 'customer confirmed its export' });
    }
    steps.push(
      `Export the data sets below as the agreement says (${terms.dataExport}; formats: ${terms.formats.join(', ') || 'as stored'}).`,
      'Record `agreement.termination.recorded.exportConfirmed` when the customer confirms it holds its data.',
      `Plan \`csm plan terminate ${customer.id} --step unprotect\`, review and apply it: it lifts the databases' deletion protection and lets buckets and registries be emptied, and nothing else. The gate refuses before the effective date, and until the export is confirmed or the retention has ended.`,
      `Plan \`csm plan terminate ${customer.id}\`, review and apply it: it destroys the tenancy; every database leaves a final snapshot. The gate refuses while a data store is still protected in the state.`,
      `Keep the final snapshots until the end of retention (${terms.retentionDays} days after the effective date), then delete them.`,
    );
  }
  timeline.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { schema: 'csm-exit-plan/1', customer: customer.id, agreement: customer.agreement.id, kind, terms, target, timeline, datasets, steps };
}

export function exitPlanMarkdown(p: ExitPlan): string {
  // Values are literal text (`md`); `how` and the steps are csm's own Markdown, whose only values are ids,
  // account numbers, regions and bucket names the schemas hold to their patterns.
  const lines: MdRaw[] = [
    md`# Exit plan: ${p.kind} of ${p.customer} (agreement ${p.agreement})`,
    md``,
    md`Exit terms: notice ${p.terms.noticeDays} days, assistance ${p.terms.assistanceDays} days, retention ${p.terms.retentionDays} days, export by ${p.terms.dataExport}.`,
    ...(p.target ? [md``, md`Target: ${p.target.to}, account ${p.target.accountId}, region ${p.target.region}${p.target.bucket ? `, bucket ${p.target.bucket}` : ''}; method ${p.target.method}.`] : []),
    md``,
    md`## Timeline`,
    md``,
    md`| date | event |`,
    md`|---|---|`,
    ...p.timeline.map((e) => md`| ${e.date} | ${e.event} |`),
    md``,
    md`## Data sets`,
    md``,
    md`| data set | kind | service | format | how |`,
    md`|---|---|---|---|---|`,
    ...p.datasets.map((d) => md`| ${d.name} | ${d.kind} | ${d.service ?? 'tenancy'} | ${d.format} | ${mdRaw(d.how)} |`),
    md``,
    md`## Steps`,
    md``,
    ...p.steps.map((s, i) => md`${i + 1}. ${mdRaw(s)}`),
    md``,
  ];
  return lines.map((l) => l.text).join('\n');
}
