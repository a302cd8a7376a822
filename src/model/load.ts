import * as fs from 'fs';
import * as path from 'path';
import type { Catalogue, Customer, Improvement, Locator, ProviderContext, ServiceDesign } from './types';
import { CatalogueError, type CatalogueIssue } from './errors';
import { parseYamlSource, type YamlSource } from './yaml-source';
import { schemaIssues, type FileKind } from './schema';
import { crossCheck } from './cross-check';
import { isCompleteDesign } from './design-gaps';

const at = (file: string, message: string): CatalogueIssue => ({ file, line: 1, column: 1, field: '', message });

/** The YAML files of a catalogue folder (`services/`, `customers/`); a folder that is not one is an issue. */
function yamlFiles(dir: string, issues: CatalogueIssue[]): string[] {
  if (!fs.existsSync(dir)) return [];
  if (!fs.statSync(dir).isDirectory()) {
    issues.push(at(dir, 'must be a folder of YAML files, not a file'));
    return [];
  }
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * Symbolic links in the catalogue that resolve outside it (or nowhere). csm refuses them: the evidence hashes
 * the catalogue folder, and a file read from elsewhere would be evaluated without being part of what was
 * reviewed and hashed. Links that stay inside the catalogue are followed (and hashed under the link's path).
 */
export function linksLeavingCatalogue(root: string): CatalogueIssue[] {
  if (!fs.existsSync(root)) return [];
  const inside = fs.realpathSync(root);
  const issues: CatalogueIssue[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      if (!entry.isSymbolicLink()) continue;
      let target: string;
      try {
        target = fs.realpathSync(file);
      } catch {
        issues.push(at(file, `is a symbolic link to ${fs.readlinkSync(file)}, which does not exist`));
        continue;
      }
      if (target !== inside && !target.startsWith(inside + path.sep)) {
        issues.push(at(file, `is a symbolic link to ${target}, outside the catalogue: csm reads only files inside the catalogue folder, so that the evidence hashes everything it evaluates`));
      }
    }
  };
  if (fs.statSync(root).isDirectory()) walk(root);
  return issues;
}

interface Loaded<T> {
  file: string;
  value: T;
  locate: Locator;
}

/**
 * Loads and validates the whole catalogue. Throws a CatalogueError listing every issue (file, line, column,
 * field) when anything is wrong; a catalogue that loads is consistent: every reference resolves.
 */
export function loadCatalogue(root: string): Catalogue {
  const issues: CatalogueIssue[] = linksLeavingCatalogue(root);
  // What a refused link points at is never read, so no message can quote it.
  const refused = issues.map((i) => i.file);
  const read = <T>(file: string, kind: FileKind): Loaded<T> | undefined => {
    if (refused.some((r) => file === r || file.startsWith(r + path.sep))) return undefined;
    let src: YamlSource;
    try {
      src = parseYamlSource(file, fs.readFileSync(file, 'utf8'));
    } catch (err) {
      issues.push(at(file, `cannot read: ${(err as Error).message}`));
      return undefined;
    }
    if (src.problems.length) {
      issues.push(...src.problems);
      return undefined;
    }
    const found = schemaIssues(kind, src);
    if (found.length) {
      issues.push(...found);
      return undefined;
    }
    return { file, value: src.value as T, locate: src.locate };
  };

  const providerFile = path.join(root, 'provider.yaml');
  if (!fs.existsSync(providerFile)) {
    throw new CatalogueError([...issues, at(providerFile, 'the provider context file is missing (S01)')]);
  }
  const provider = read<ProviderContext>(providerFile, 'provider');
  const services = yamlFiles(path.join(root, 'services'), issues).map((f) => read<ServiceDesign>(f, 'service'));
  const customers = yamlFiles(path.join(root, 'customers'), issues).map((f) => read<Customer>(f, 'customer'));
  // The register is optional: a provider starts without one.
  const improvementsFile = path.join(root, 'improvements.yaml');
  const improvements = fs.existsSync(improvementsFile) ? read<{ improvements: Improvement[] }>(improvementsFile, 'improvements') : undefined;
  if (issues.length || !provider) throw new CatalogueError(issues);

  const catalogue: Catalogue = {
    root,
    provider: provider.value,
    services: new Map(),
    incompleteServices: new Map(),
    customers: new Map(),
    improvements: improvements?.value.improvements ?? [],
    files: new Map([['provider', provider.file]]),
    locate: new Map([['provider', provider.locate]]),
  };
  if (improvements) {
    catalogue.files.set('improvements', improvements.file);
    catalogue.locate.set('improvements', improvements.locate);
  }
  const register = <T extends { id: string }>(kind: 'service' | 'customer', into: (value: T) => Map<string, T>, items: Array<Loaded<T> | undefined>) => {
    for (const item of items) {
      if (!item) continue;
      const id = item.value.id;
      const key = `${kind}:${id}`;
      const previous = catalogue.files.get(key);
      if (previous) {
        issues.push({ ...item.locate(['id']), field: 'id', message: `duplicate ${kind} id "${id}" (also defined in ${previous})` });
        continue;
      }
      const expected = path.basename(item.file).replace(/\.ya?ml$/, '');
      if (expected !== id) {
        issues.push({ ...item.locate(['id']), field: 'id', message: `id "${id}" must match the file name "${expected}"` });
      }
      into(item.value).set(id, item.value);
      catalogue.files.set(key, item.file);
      catalogue.locate.set(key, item.locate);
    }
  };
  // An entry whose design is complete is a Service; one that still lacks an element waits for its design review.
  register('service', (s) => (isCompleteDesign(s) ? catalogue.services : catalogue.incompleteServices) as Map<string, ServiceDesign>, services);
  register('customer', () => catalogue.customers, customers);
  issues.push(...crossCheck(catalogue));
  if (issues.length) throw new CatalogueError(issues);
  return catalogue;
}
