import type { Catalogue } from '../model/types';
import type { ResourceView } from '../view/resource';
import type { PlanSummary } from '../terraform/plan';
import type { CostProfile } from './facts';
import type { GateDecision } from './gates';
import { firstDeployments, type FirstDeployment } from '../design/transition';
import { md, mdCode, type MdRaw } from '../render/markdown';

/** The short review summary written beside each plan (Markdown for people, JSON for tools). */
export interface OperationSummary {
  operation: string;
  stack: string;
  customer: string | null;
  service: string | null;
  destroy: boolean;
  counts: { add: number; change: number; replace: number; destroy: number; forget: number };
  /** Planned actions by resource type, as Terraform plans them. */
  byType: PlanSummary['byType'];
  cost: CostProfile | null;
  /** Resources of data-bearing services (catalogue `dataBearing: true`) the plan changes, replaces, destroys or forgets. */
  dataBearing: Array<{ address: string; service: string; action: string }>;
  gates: Array<{ gate: string; status: string; deny: number; warn: number; waived: number }>;
  /** Services this plan deploys for the first time (no customer had them at the base): their transition (5.4). */
  firstDeployments: FirstDeployment[];
  passed: boolean;
}

export function operationSummary(args: {
  operation: string;
  stack: string;
  customer: string | null;
  service: string | null;
  destroy: boolean;
  plan: PlanSummary | undefined;
  view: ResourceView | undefined;
  cost: CostProfile | null;
  decisions: GateDecision[];
  passed: boolean;
  catalogue: Catalogue;
  /** The base revision's catalogue the change is reviewed against. */
  base?: Catalogue;
}): OperationSummary {
  const byType = args.plan?.byType ?? {};
  const forget = Object.values(byType).reduce((n, a) => n + (a.forget ?? 0), 0);
  const touched = new Set(['update', 'replace', 'delete', 'forget']);
  return {
    operation: args.operation,
    stack: args.stack,
    customer: args.customer,
    service: args.service,
    destroy: args.destroy,
    counts: { add: args.plan?.add ?? 0, change: args.plan?.change ?? 0, replace: args.plan?.replace ?? 0, destroy: args.plan?.destroy ?? 0, forget },
    byType,
    cost: args.cost,
    dataBearing: (args.view?.resources ?? [])
      .filter((r) => touched.has(r.action) && r.service && args.catalogue.services.get(r.service)?.dataBearing)
      .map((r) => ({ address: r.address, service: r.service!, action: r.action })),
    gates: args.decisions.map((d) => ({ gate: d.gate, status: d.status, deny: d.deny.length, warn: d.warn.length, waived: d.waived.length })),
    firstDeployments: args.customer ? firstDeployments(args.customer, args.catalogue, args.base) : [],
    passed: args.passed,
  };
}

const money = (n: number | undefined | null, currency: string) => (n === undefined || n === null ? 'n/a' : `${n.toFixed(2)} ${currency}`);

export function summaryMarkdown(s: OperationSummary, decisions: GateDecision[]): string {
  // Every value is literal text (`md`): a service name, an owner or a policy's message cannot be markup.
  const lines: MdRaw[] = [
    md`# ${s.operation} ${s.customer ?? s.service ?? ''}: ${s.stack}${s.destroy ? ' (destroy)' : ''}`,
    md``,
    md`Gate: **${s.passed ? 'passed' : 'DENIED'}**. Plan: ${s.counts.add} to add, ${s.counts.change} to change, ${s.counts.replace} to replace, ${s.counts.destroy} to destroy, ${s.counts.forget} to forget (hand over).`,
    md``,
    md`## Actions by resource type`,
    md``,
    md`| type | actions |`,
    md`|---|---|`,
    ...Object.entries(s.byType)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([type, actions]) => md`| ${type} | ${Object.entries(actions).map(([a, n]) => `${a} ${n}`).join(', ')} |`),
  ];
  if (s.cost) {
    const currency = s.cost.after?.currency ?? s.cost.before?.currency ?? '';
    const services = [...new Set([...Object.keys(s.cost.before?.by_service ?? {}), ...Object.keys(s.cost.after?.by_service ?? {})])].sort();
    lines.push(md``, md`## Monthly cost profile (6.4)`, md``, md`| service | units before | units after | cost before | cost after |`, md`|---|---|---|---|---|`);
    for (const svc of services) {
      const b = s.cost.before?.by_service[svc];
      const a = s.cost.after?.by_service[svc];
      lines.push(md`| ${svc} | ${b?.units ?? 0} | ${a?.units ?? 0} | ${money(b?.cost ?? 0, currency)} | ${money(a?.cost ?? 0, currency)} |`);
    }
    lines.push(md`| **total** | | | ${money(s.cost.before?.monthly_cost ?? 0, currency)} | ${money(s.cost.after?.monthly_cost ?? 0, currency)} |`, md``, md`Change: ${s.cost.delta >= 0 ? '+' : ''}${s.cost.delta.toFixed(2)} ${currency} a month.`);
  }
  if (s.firstDeployments.length) {
    lines.push(md``, md`## Transition: first deployment (5.4)`, md``);
    for (const d of s.firstDeployments) {
      lines.push(md`- **${d.name}** (${mdCode(d.service)}, owner ${d.owner}) is deployed here for the first time: no customer had it at the base revision (${d.baseStatus ? `status ${d.baseStatus} there` : 'not in the catalogue there'}). Review it with the service owner as the service's transition into operation.`);
    }
  }
  lines.push(md``, md`## Data-bearing resources affected`, md``);
  lines.push(...(s.dataBearing.length ? s.dataBearing.map((d) => md`- ${d.action}: ${mdCode(d.address)} (${d.service})`) : [md`none`]));
  lines.push(md``, md`## Policy decisions`, md``);
  for (const d of decisions) {
    lines.push(md`- ${d.gate} gate: ${d.status}${d.error ? ` (${d.error})` : ''}`);
    for (const [level, list] of [['DENY', d.deny], ['WARN', d.warn]] as const) {
      list.forEach((f, i) => {
        const at = d.locations[`${level === 'DENY' ? 'deny' : 'warn'}/${i}`];
        lines.push(md`  - ${level} ${f.id} [${f.clauses.join(', ')}; ${f.scenario}] ${f.message}${at ? ` (${at})` : ''}`);
      });
    }
    for (const w of d.waived) lines.push(md`  - WAIVED ${w.finding.id} by ${w.waiver}: ${w.finding.message}`);
  }
  return lines.map((l) => l.text).join('\n') + '\n';
}
