import { formatKey, formatModule, formatSteps, parseModule, parseTraversal, within, type InstanceKey, type ModulePath, type Step } from './address';

/**
 * The `configuration` of a plan JSON as an index: every module's resources, calls and outputs, reached through
 * `module_calls` at any depth, and the resource and module instances the plan holds (from its resource changes).
 * It answers two questions the view asks: which configuration block made this resource instance, and which
 * resource instances a configuration expression's `references` name, following module outputs and input
 * variables across module boundaries.
 */
export interface Expression {
  constant_value?: unknown;
  references?: string[];
}

export interface ConfigResource {
  address: string;
  mode?: string;
  type: string;
  name: string;
  provider_config_key?: string;
  expressions?: Record<string, unknown>;
  for_each_expression?: Expression;
}

export interface ModuleConfig {
  resources?: ConfigResource[];
  module_calls?: Record<string, ModuleCall>;
  outputs?: Record<string, { expression?: Expression }>;
}

export interface ModuleCall {
  expressions?: Record<string, Expression>;
  for_each_expression?: Expression;
  module?: ModuleConfig;
}

/** One resource instance of the plan, as `resource_changes` names it. */
export interface InstanceRef {
  address: string;
  module_address?: string;
  mode?: string;
  type: string;
  name: string;
}

export interface Resolved {
  /** Resource instances (with the attribute path) the references lead to: `module.m["a"].aws_s3_bucket.this[0].id`. */
  resolved: string[];
  /** References that lead nowhere the plan can follow (`local.x`), qualified by their module. */
  unresolved: string[];
}

const NOT_RESOURCES = new Set(['count', 'each', 'self', 'path', 'terraform']);
const MAX_DEPTH = 32;

export const isLeafExpression = (e: unknown): e is Expression =>
  !!e && typeof e === 'object' && !Array.isArray(e) && ('constant_value' in e || 'references' in e);

/** Drops a reference another one of the list extends (`aws_s3_bucket.b` beside `aws_s3_bucket.b.id`). */
function mostSpecific(refs: readonly string[]): string[] {
  return [...new Set(refs)].filter((r) => !refs.some((o) => o !== r && (o.startsWith(`${r}.`) || o.startsWith(`${r}[`))));
}

/** Where a resolved reference continues, as text to append: `.id`, `[0].arn`, or nothing. */
function attributeTail(attribute: Step[]): string {
  const text = formatSteps(attribute);
  return !text || text.startsWith('[') ? text : `.${text}`;
}

/** Where references are resolved from: a module instance, the instance key, and the for_each expression it came from. */
export interface At {
  module: ModulePath;
  key?: InstanceKey;
  forEach?: Expression;
}

const resourceBase = (modulePrefix: string, mode: string | undefined, type: string, name: string) =>
  within(modulePrefix, `${mode === 'data' ? 'data.' : ''}${type}.${name}`);

export class ConfigIndex {
  private readonly resourceInstances = new Map<string, string[]>();
  private readonly moduleInstances = new Map<string, ModulePath[]>();
  private readonly seenModules = new Set<string>();
  private readonly blocks = new WeakMap<ModuleConfig, Map<string, ConfigResource>>();

  constructor(
    private readonly root: ModuleConfig | undefined,
    instances: Iterable<InstanceRef>,
  ) {
    for (const rc of instances) {
      const modulePath = parseModule(rc.module_address) ?? [];
      const base = resourceBase(rc.module_address ?? '', rc.mode, rc.type, rc.name);
      const list = this.resourceInstances.get(base) ?? [];
      if (!list.includes(rc.address)) list.push(rc.address);
      this.resourceInstances.set(base, list);
      if (this.seenModules.has(rc.module_address ?? '')) continue;
      this.seenModules.add(rc.module_address ?? '');
      for (let depth = 1; depth <= modulePath.length; depth++) {
        const path = modulePath.slice(0, depth);
        const text = formatModule(path);
        if (this.seenModules.has(`prefix:${text}`)) continue;
        this.seenModules.add(`prefix:${text}`);
        const key = within(formatModule(path.slice(0, -1)), `module.${path[depth - 1].name}`);
        this.moduleInstances.set(key, [...(this.moduleInstances.get(key) ?? []), path]);
      }
    }
  }

  /** The configuration of the module instance `path` (instance keys ignored: every instance shares it). */
  module(path: ModulePath): ModuleConfig | undefined {
    let config = this.root;
    for (const call of path) config = config?.module_calls?.[call.name]?.module;
    return config;
  }

  /** The configuration block a resource instance comes from. */
  resource(rc: InstanceRef): ConfigResource | undefined {
    const path = parseModule(rc.module_address);
    if (!path) return undefined;
    const local = `${rc.mode === 'data' ? 'data.' : ''}${rc.type}.${rc.name}`;
    const config = this.module(path);
    if (!config?.resources) return undefined;
    // Every instance of a module asks: index each module's blocks by address once.
    let byAddress = this.blocks.get(config);
    if (!byAddress) this.blocks.set(config, (byAddress = new Map(config.resources.map((r) => [r.address, r]))));
    return byAddress.get(local);
  }

  /**
   * What an expression's references lead to, seen from the resource instance at `at` (its module instance and
   * its own count/for_each key). `aws_x.y[count.index]` is reported by Terraform as `aws_x.y` and `count.index`:
   * such a reference pairs with the instance of the same key when there is one.
   */
  resolve(references: readonly string[], at: At, depth = 0, pair = false): Resolved {
    const out: Resolved = { resolved: [], unresolved: [] };
    if (depth > MAX_DEPTH) return out;
    const pairs = pair || references.some((r) => r === 'count.index' || r.startsWith('each.'));
    for (const ref of mostSpecific(references)) {
      const one = this.resolveOne(ref, at, pairs ? at.key : undefined, depth);
      out.resolved.push(...one.resolved);
      out.unresolved.push(...one.unresolved);
    }
    return { resolved: [...new Set(out.resolved)], unresolved: [...new Set(out.unresolved)] };
  }

  private resolveOne(ref: string, at: At, pairKey: InstanceKey | undefined, depth: number): Resolved {
    const none: Resolved = { resolved: [], unresolved: [] };
    const steps = parseTraversal(ref);
    if (!steps) return none;
    const module = at.module;
    // `for_each = aws_s3_bucket.logs` with `bucket = each.value.id`: each.value is the instance of the same key
    // of what the for_each expression names; the reference Terraform records is only `each.value.id`.
    if (steps[0].name === 'each' && steps[1]?.name === 'value' && at.forEach?.references?.length) {
      const base = this.resolve(at.forEach.references, { module, key: at.key }, depth + 1, true);
      const tail = attributeTail(steps.slice(2));
      return { resolved: base.resolved.map((r) => `${r}${tail}`), unresolved: base.unresolved };
    }
    if (NOT_RESOURCES.has(steps[0].name)) return none;
    const prefix = formatModule(module);
    switch (steps[0].name) {
      case 'var': {
        // A root variable's value is known at plan; a module's comes from its call's argument, one level up.
        if (!module.length || !steps[1]) return none;
        const call = module[module.length - 1];
        const parent = module.slice(0, -1);
        const block = this.module(parent)?.module_calls?.[call.name];
        const argument = block?.expressions?.[steps[1].name];
        return this.resolve(argument?.references ?? [], { module: parent, key: call.key, forEach: block?.for_each_expression }, depth + 1);
      }
      case 'local':
        return { resolved: [], unresolved: [within(prefix, formatSteps(steps.slice(0, 2)))] };
      case 'module': {
        const [call, output] = [steps[1], steps[2]];
        if (!call || !output) return none;
        const instances: ModulePath[] =
          call.key !== undefined && call.key !== '*'
            ? [[...module, { name: call.name, key: call.key }]]
            : (this.moduleInstances.get(within(prefix, `module.${call.name}`)) ?? [[...module, { name: call.name }]]);
        const expression = this.module([...module, { name: call.name }])?.outputs?.[output.name]?.expression;
        const out: Resolved = { resolved: [], unresolved: [] };
        for (const instance of instances) {
          const r = this.resolve(expression?.references ?? [], { module: instance }, depth + 1);
          out.resolved.push(...r.resolved);
          out.unresolved.push(...r.unresolved);
        }
        return out;
      }
      case 'data':
        return steps[1] && steps[2] ? this.resourceRef(prefix, 'data', steps[1].name, steps[2], steps.slice(3), pairKey) : none;
      default:
        return steps[1] ? this.resourceRef(prefix, 'managed', steps[0].name, steps[1], steps.slice(2), pairKey) : none;
    }
  }

  private resourceRef(prefix: string, mode: string, type: string, name: Step, attribute: Step[], pairKey: InstanceKey | undefined): Resolved {
    const base = resourceBase(prefix, mode, type, name.name);
    let instances: string[];
    if (name.key !== undefined && name.key !== '*') instances = [`${base}${formatKey(name.key)}`];
    else {
      const all = this.resourceInstances.get(base) ?? [base];
      const paired = pairKey === undefined ? undefined : `${base}${formatKey(pairKey)}`;
      instances = paired && all.includes(paired) ? [paired] : all;
    }
    const tail = attributeTail(attribute);
    return { resolved: instances.map((i) => `${i}${tail}`), unresolved: [] };
  }
}
