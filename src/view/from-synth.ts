import { collapseActions, tagFacts, tagsOf, type ResourceView, type ViewRemoval, type ViewResource } from './resource';

export interface TfJson {
  provider?: Record<string, Array<{ alias?: string; region?: string }>>;
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  removed?: Array<{ from: string; lifecycle?: Array<{ destroy?: boolean }> | { destroy?: boolean } }>;
}

/** Keys that are Terraform meta-arguments or cdktf metadata, not attributes of the resource. */
const META = new Set(['//', 'provider', 'depends_on', 'lifecycle', 'count', 'for_each', 'provisioner', 'connection']);

/** `aws` → its region, `aws.<alias>` → that configuration's region. */
export function providerRegions(json: TfJson): Map<string, string> {
  const regions = new Map<string, string>();
  for (const [name, configs] of Object.entries(json.provider ?? {})) {
    for (const c of configs) if (c.region) regions.set(c.alias ? `${name}.${c.alias}` : name, c.region);
  }
  return regions;
}

export function constructPaths(json: TfJson): Map<string, string> {
  const paths = new Map<string, string>();
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, config] of Object.entries(byName)) {
      const path = (config['//'] as { metadata?: { path?: string } } | undefined)?.metadata?.path;
      if (path) paths.set(`${type}.${name}`, path);
    }
  }
  return paths;
}

function attributes(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).filter(([k]) => !META.has(k)));
}

function removals(json: TfJson): ViewRemoval[] {
  return (json.removed ?? []).map((r) => {
    const lc = Array.isArray(r.lifecycle) ? r.lifecycle[0] : r.lifecycle;
    return { from: r.from, destroy: lc?.destroy !== false };
  });
}

function toView(type: string, name: string, config: Record<string, unknown>, regions: Map<string, string>, actions: string[], before: Record<string, unknown> | null): ViewResource {
  const values = attributes(config);
  const tags = tagsOf(values);
  // cdktf writes `"provider": "aws.eu-west-1"`; a resource without one uses the default configuration.
  const provider = typeof config.provider === 'string' ? config.provider.replace(/^\$\{(.*)\}$/, '$1') : type.split('_')[0];
  return {
    address: `${type}.${name}`,
    type,
    name,
    module: null,
    index: null,
    construct_path: (config['//'] as { metadata?: { path?: string } } | undefined)?.metadata?.path ?? null,
    region: regions.get(provider) ?? null,
    action: collapseActions(actions),
    values: actions[0] === 'delete' ? before ?? values : values,
    before,
    tags,
    ...tagFacts(tags),
    drift: null,
    importing: false,
  };
}

const byAddress = (a: ViewResource, b: ViewResource) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0);

function eachResource(json: TfJson | undefined, fn: (type: string, name: string, config: Record<string, unknown>) => void): void {
  for (const [type, byName] of Object.entries(json?.resource ?? {})) for (const [name, config] of Object.entries(byName)) fn(type, name, config);
}

/**
 * The resource view of a synthesized stack. Without a previous synth every resource is a create; with the
 * base revision's synth (`csm check --base`), actions come from comparing the two: new, changed, gone.
 */
export function viewFromSynth(stack: string, json: TfJson, previous?: TfJson): ResourceView {
  const regions = providerRegions(json);
  const old = new Map<string, Record<string, unknown>>();
  eachResource(previous, (type, name, config) => old.set(`${type}.${name}`, attributes(config)));
  const resources: ViewResource[] = [];
  const seen = new Set<string>();
  eachResource(json, (type, name, config) => {
    const address = `${type}.${name}`;
    seen.add(address);
    const was = old.get(address);
    const changed = was !== undefined && JSON.stringify(was) !== JSON.stringify(attributes(config));
    resources.push(toView(type, name, config, regions, !was ? ['create'] : changed ? ['update'] : ['no-op'], was ?? null));
  });
  // What the base had and this revision has not is a delete (a `removed` block may still hand it over).
  const previousRegions = previous ? providerRegions(previous) : regions;
  eachResource(previous, (type, name, config) => {
    if (!seen.has(`${type}.${name}`)) resources.push(toView(type, name, config, previousRegions, ['delete'], attributes(config)));
  });
  resources.sort(byAddress);
  const dataSources: ViewResource[] = [];
  for (const [type, byName] of Object.entries(json.data ?? {})) {
    for (const [name, config] of Object.entries(byName)) dataSources.push({ ...toView(type, name, config, regions, ['read'], null), address: `data.${type}.${name}` });
  }
  return { gate: 'synth', stack, resources, removals: removals(json), data_sources: dataSources.sort(byAddress) };
}
