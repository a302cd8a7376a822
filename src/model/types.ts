/**
 * The typed catalogue model: what `catalogue/*.yaml` says, after schema and cross-reference validation.
 * Field names follow the YAML (and the JSON Schemas in `catalogue/schemas/`) one to one.
 */

export interface Contact {
  name: string;
  email: string;
  role?: string;
  phone?: string;
}

export type ObligationKind = 'statutory' | 'regulatory' | 'contractual';

export interface Obligation {
  id: string;
  kind: ObligationKind;
  title: string;
  description: string;
  clauses?: string[];
}

export interface Objective {
  id: string;
  description: string;
  clauses?: string[];
}

/** One statement of the service management policy: what management commits the provider to (4.1.2). */
export interface PolicyStatement {
  id: string;
  text: string;
  clauses?: string[];
}

/** The processes a process policy can govern; each maps to the clause of ISO/IEC 20000-1 that defines it. */
export type PolicyProcess =
  | 'security'
  | 'change'
  | 'release'
  | 'capacity'
  | 'continuity'
  | 'service-level'
  | 'reporting'
  | 'budgeting'
  | 'business-relationship'
  | 'supplier'
  | 'incident'
  | 'problem'
  | 'configuration'
  | 'design';

/** A process policy the service management policy cascades to (security, change, release, ...). */
export interface ProcessPolicy {
  process: PolicyProcess;
  title: string;
  owner: Contact;
  /** Ids of the statements it implements. */
  statements: string[];
  description?: string;
}

/** The service management policy (4.1.2), approved by top management and reviewed at planned intervals. */
export interface ManagementPolicy {
  title: string;
  approvedBy: Contact;
  /** YYYY-MM-DD */
  approved: string;
  /** YYYY-MM-DD: csm check warns once it has passed, and denies past governance.policyReviewGraceDays. */
  nextReview: string;
  statements: PolicyStatement[];
  processPolicies: ProcessPolicy[];
}

export type CommittedResourceKind = 'people' | 'budget' | 'capacity' | 'tooling' | 'supplier';

/** What one member of management commits (4.1.1): the objectives they own and the resources behind them. */
export interface Commitment {
  id: string;
  by: Contact;
  objectives: string[];
  resources: Array<{ kind: CommittedResourceKind; description: string; amount?: number; unit?: string }>;
}

export interface StateConfig {
  backend: 'local' | 's3';
  bucket?: string;
  region?: string;
  /** S3: Terraform's native lock file beside the state (`use_lockfile`, Terraform 1.10+); default true. */
  lockfile?: boolean;
  /** S3: DynamoDB locking (deprecated by Terraform), alone with `lockfile: false` or beside the lock file while moving off it. */
  dynamodbTable?: string;
  keyPrefix?: string;
}

export interface ProviderContext {
  id: string;
  name: string;
  description: string;
  regions: string[];
  obligations: Obligation[];
  contacts: Contact[];
  objectives?: Objective[];
  policy: ManagementPolicy;
  commitments: Commitment[];
  aws: { accountId: string; offline?: boolean };
  state?: StateConfig;
  /** How exceptions to the policies are governed. */
  governance?: { maxWaiverDays?: number; policyReviewGraceDays?: number };
}

export type ServiceStatus = 'draft' | 'active' | 'deprecated' | 'retired';
/** The name of a construct registered in stacks/service-constructs.ts (the service schema's `construct` enum lists them). */
export type ConstructKind = string;
export type DataClassification = 'public' | 'internal' | 'confidential' | 'restricted';
export type SupportHours = 'business' | 'extended' | '24x7';

export interface ServiceOption {
  id: string;
  description: string;
  capacityUnits: number;
  pricePerUnitMonth: number;
  limits?: Record<string, number | string>;
}

export interface SlaTier {
  id: string;
  availability: number;
  rpoMinutes: number;
  rtoMinutes: number;
  supportHours: SupportHours;
}

export interface CapacitySpec {
  pool: string;
  unit: string;
  poolSize: number;
  perCustomerQuota: number;
  warnAtPercent?: number;
}

export interface Service {
  id: string;
  name: string;
  description: string;
  owner: Contact;
  status: ServiceStatus;
  construct: ConstructKind;
  requires?: string[];
  dataBearing?: boolean;
  dataClassification: DataClassification;
  regions: string[];
  options: ServiceOption[];
  slaTiers: SlaTier[];
  capacity: CapacitySpec;
  currency?: string;
}

/**
 * A catalogue entry as written, before its design is complete: what a `draft` may still leave open (its
 * owner, regions, prices, SLA targets and support hours, the pool's size and quota). An entry with all of it is
 * a `Service`; one without is kept apart (`Catalogue.incompleteServices`) until the design review passes.
 */
export interface ServiceDesign extends Omit<Service, 'owner' | 'regions' | 'options' | 'slaTiers' | 'capacity'> {
  owner?: Contact;
  regions?: string[];
  options?: Array<Omit<ServiceOption, 'pricePerUnitMonth'> & { pricePerUnitMonth?: number }>;
  slaTiers?: Array<Pick<SlaTier, 'id'> & Partial<SlaTier>>;
  capacity?: Pick<CapacitySpec, 'pool' | 'unit'> & Partial<CapacitySpec>;
}

export type AccessLevel = 'read' | 'operate' | 'admin';

export interface User {
  id: string;
  name: string;
  email: string;
  access: AccessLevel;
}

export type DataExport = 'customer-bucket' | 'snapshot-share' | 'provider-transfer' | 'none';

export interface ExitTerms {
  dataExport: DataExport;
  formats?: string[];
  retentionDays: number;
  assistanceDays?: number;
}

/** The termination of the contract once notice is given (S13): recorded in the agreement by a pull request. */
export interface TerminationRecord {
  /** When notice was given (YYYY-MM-DD). */
  date: string;
  /** When service delivery ends. */
  effective: string;
  /** When the customer (or the receiving provider) confirmed it holds its data. */
  exportConfirmed?: string;
  by?: string;
}

/** Where transferred data goes (S14). */
export interface TransferTarget {
  accountId: string;
  region: string;
  /** A bucket in the target account that object storage replicates into. */
  bucket?: string;
  name?: string;
}

/** A transfer of the tenancy or some services to another provider or back to the customer (S14). */
export interface TransferRequest {
  to: 'customer' | 'provider';
  /** The services that move; absent: the whole tenancy. */
  services?: string[];
  /** copy (default): the target is granted what it needs to pull the data; handover: resources leave management undestroyed. */
  method?: 'copy' | 'handover';
  target: TransferTarget;
  requested: string;
  confirmed?: string;
}

export interface Agreement {
  id: string;
  signed: string;
  termMonths: number;
  homeRegion: string;
  dataResidency: string[];
  slaTiers: Record<string, string>;
  budgetCap: number;
  termination: { noticeDays: number; exit: ExitTerms; recorded?: TerminationRecord };
  transfer?: TransferRequest;
  exceptions?: string[];
}

export interface Subscription {
  service: string;
  option: string;
  quantity: number;
  region: string;
}

export interface Customer {
  id: string;
  name: string;
  contacts: Contact[];
  users: User[];
  agreement: Agreement;
  subscriptions: Subscription[];
}

export type ImprovementSource = 'feedback' | 'measurement' | 'audit' | 'review';
export type ImprovementPriority = 'high' | 'medium' | 'low';
export type ImprovementStatus = 'proposed' | 'approved' | 'in-progress' | 'done' | 'rejected';

/** One entry of the improvement register (S12, 4.5.5.2): where it came from, who owns it, the change that carries it out. */
export interface Improvement {
  id: string;
  title: string;
  source: ImprovementSource;
  raised: string;
  /** The day it was done or rejected (present then, and only then). */
  closed?: string;
  description: string;
  priority: ImprovementPriority;
  owner: Contact;
  status: ImprovementStatus;
  /** The change (pull request or issue) that executes it: `#12`, `owner/repo#12` or an https URL. */
  change?: string;
  clauses: string[];
  /** The provider objective (provider.yaml) it serves, if any. */
  objective?: string;
  /** The customer whose feedback or measurement raised it, if any. */
  customer?: string;
  service?: string;
}

/** Where a value came from, so every error and finding can point at a file, line and column. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** Looks up the location of a field by its path inside a loaded file (e.g. `['subscriptions', 0, 'option']`). */
export type Locator = (path: ReadonlyArray<string | number>) => SourceLocation;

export interface Catalogue {
  /** The catalogue folder, as given (relative paths stay relative). */
  root: string;
  provider: ProviderContext;
  /** Services whose design is complete, whatever their status: what can be offered, subscribed and built. */
  services: Map<string, Service>;
  /**
   * Entries whose design is not complete yet (a draft being designed, or one promoted too early): never offered,
   * subscribed, built or counted in a pool. The design review (`csm check`, policies/design.rego) names what each
   * lacks once it is active or deprecated.
   */
  incompleteServices: Map<string, ServiceDesign>;
  customers: Map<string, Customer>;
  /** The improvement register (`improvements.yaml`); empty when the file is absent. */
  improvements: Improvement[];
  /** Source file of each entity, keyed `provider`, `improvements`, `service:<id>`, `customer:<id>`. */
  files: Map<string, string>;
  /** Locators keyed like `files`. */
  locate: Map<string, Locator>;
}
