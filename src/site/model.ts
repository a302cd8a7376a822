import type { Agreement, Catalogue, Commitment, Contact, Customer, Improvement, ManagementPolicy, Objective, Obligation, PolicyStatement, ProcessPolicy, ProviderContext, Service, ServiceStatus, SlaTier } from '../model/types';
import { monthlyCharges, type MonthlyCharges } from '../model/charges';
import { DEFAULT_WARN_PERCENT, poolUse, type PoolUse } from '../model/capacity';
import { allowedDowntimeMinutes } from '../model/targets';

/**
 * What the published site says, computed from the catalogue. The page renderers only format what is here;
 * every figure a reader sees (end dates, allowed downtime, charges) is worked out in this file.
 */
export interface SiteModel {
  provider: ProviderContext;
  /** Offered services first, then deprecated, retired and draft; by name within each. */
  services: ServiceView[];
  agreements: AgreementView[];
  plan: PlanView;
  improvements: ImprovementView[];
}

/** A rule of the provider's policies (`policies/*.rego`), as its METADATA describes it. */
export interface PolicyRule {
  id: string;
  title: string;
  where: string;
  clauses: string[];
  scenarios: string[];
  /** The statements of the service management policy the rule implements (METADATA custom.statements). */
  statements?: readonly string[];
}

/** A statement of the service management policy with what carries it out. */
export interface StatementView {
  statement: PolicyStatement;
  /** The process policies that cascade from it. */
  processPolicies: ProcessPolicy[];
  /** Ids of the rules that implement it, checked on every change. */
  rules: string[];
}

/** The service management policy (4.1.2) and management's commitments (4.1.1), as the context page shows them. */
export interface ManagementView {
  policy: ManagementPolicy;
  statements: StatementView[];
  commitments: Array<{ commitment: Commitment; objectives: Objective[] }>;
}

export interface ServiceView {
  service: Service;
  /** Whether new customers can subscribe. */
  offered: boolean;
  /** Customers that subscribe to it today. */
  subscribers: number;
}

export interface SlaTargetView {
  service: string;
  serviceName: string;
  tier: SlaTier;
  /** What the availability target allows in a 30-day month. */
  allowedDowntimeMinutesPerMonth: number;
}

export interface AgreementView {
  customer: Customer;
  agreement: Agreement;
  /** Last day of the term: signed + termMonths, minus one day. */
  endsOn: string;
  slaTargets: SlaTargetView[];
  charges: MonthlyCharges;
  pools: PoolUse[];
}

export interface ImprovementView {
  improvement: Improvement;
  objective?: Objective;
  open: boolean;
}

export interface PlanView {
  obligationsByKind: Array<{ kind: Obligation['kind']; obligations: Obligation[] }>;
  /** The top-level plan (objectives, each with the managers who own it) cascading to the improvements that serve each. */
  objectives: Array<{ objective: Objective; owners: Contact[]; improvements: Improvement[] }>;
  management: ManagementView;
  /** The detailed plans per service: the SLA tiers offered and the capacity pool with its alert threshold. */
  servicePlans: Array<{ service: Service; warnAtPercent: number }>;
  /** The process policies enforced on every change (security, agreement, capacity, lifecycle), by id. */
  policies: PolicyRule[];
}

const STATUS_ORDER: Record<ServiceStatus, number> = { active: 0, deprecated: 1, retired: 2, draft: 3 };
const PRIORITY_ORDER = { high: 0, medium: 1, low: 2 } as const;
const OPEN = new Set(['proposed', 'approved', 'in-progress']);

/** `YYYY-MM-DD` plus whole months, minus a day: the last day an agreement signed that day runs. */
export function termEnd(signed: string, months: number): string {
  const [y, m, d] = signed.split('-').map(Number);
  const end = new Date(Date.UTC(y, m - 1 + months, d) - 24 * 3600 * 1000);
  return end.toISOString().slice(0, 10);
}


function agreementView(cat: Catalogue, customer: Customer): AgreementView {
  const agreement = customer.agreement;
  const slaTargets = Object.entries(agreement.slaTiers).map(([serviceId, tierId]): SlaTargetView => {
    const service = cat.services.get(serviceId)!;
    const tier = service.slaTiers.find((t) => t.id === tierId)!;
    return { service: serviceId, serviceName: service.name, tier, allowedDowntimeMinutesPerMonth: allowedDowntimeMinutes(tier.availability) };
  });
  return { customer, agreement, endsOn: termEnd(agreement.signed, agreement.termMonths), slaTargets, charges: monthlyCharges(cat, customer), pools: poolUse(cat.services, customer) };
}

function managementView(provider: ProviderContext, objectives: Objective[], rules: readonly PolicyRule[]): ManagementView {
  const { policy, commitments } = provider;
  return {
    policy,
    statements: policy.statements.map((statement) => ({
      statement,
      processPolicies: policy.processPolicies.filter((p) => p.statements.includes(statement.id)),
      rules: rules.filter((r) => r.statements?.includes(statement.id)).map((r) => r.id).sort(),
    })),
    commitments: commitments.map((commitment) => ({ commitment, objectives: objectives.filter((o) => commitment.objectives.includes(o.id)) })),
  };
}

export function siteModel(cat: Catalogue, policies: readonly PolicyRule[] = []): SiteModel {
  const customers = [...cat.customers.values()].sort((a, b) => a.id.localeCompare(b.id));
  const services = [...cat.services.values()]
    .map((service) => ({ service, offered: service.status === 'active', subscribers: customers.filter((c) => c.subscriptions.some((s) => s.service === service.id)).length }))
    .sort((a, b) => STATUS_ORDER[a.service.status] - STATUS_ORDER[b.service.status] || a.service.name.localeCompare(b.service.name));
  const objectives = cat.provider.objectives ?? [];
  const improvements = cat.improvements
    .map((improvement) => ({ improvement, objective: objectives.find((o) => o.id === improvement.objective), open: OPEN.has(improvement.status) }))
    .sort((a, b) => Number(b.open) - Number(a.open) || PRIORITY_ORDER[a.improvement.priority] - PRIORITY_ORDER[b.improvement.priority] || a.improvement.raised.localeCompare(b.improvement.raised));
  const kinds: Array<Obligation['kind']> = ['statutory', 'regulatory', 'contractual'];
  return {
    provider: cat.provider,
    services,
    agreements: customers.map((c) => agreementView(cat, c)),
    plan: {
      obligationsByKind: kinds.map((kind) => ({ kind, obligations: cat.provider.obligations.filter((o) => o.kind === kind) })).filter((k) => k.obligations.length),
      objectives: objectives.map((objective) => ({
        objective,
        owners: cat.provider.commitments.filter((c) => c.objectives.includes(objective.id)).map((c) => c.by),
        improvements: cat.improvements.filter((i) => i.objective === objective.id),
      })),
      management: managementView(cat.provider, objectives, policies),
      servicePlans: services.filter((s) => s.service.status !== 'retired').map((s) => ({ service: s.service, warnAtPercent: s.service.capacity.warnAtPercent ?? DEFAULT_WARN_PERCENT })),
      policies: [...policies].sort((a, b) => a.id.localeCompare(b.id)),
    },
    improvements,
  };
}
