import * as fs from 'fs';
import * as path from 'path';
import type { Catalogue } from '../model/types';
import { InputError } from '../model/errors';
import { RESERVED_ID, reservedIdMessage } from '../model/schema';
import { catalogueEntry, className, constructSource, registryEntry, registryImport, testSource, type ScaffoldNames } from './scaffold-templates';

/** What scaffolding a new service serves: its design and development (S05), the start of 5.1-5.3. */
export const NEW_SERVICE_SERVES = { scenarios: ['S05'], clauses: ['5.1', '5.2', '5.3'] } as const;

/** `csm new service` was asked for something it must not do: an id taken or not usable. Exit 2, nothing written. */
export class ScaffoldError extends InputError {}

/** Where a project keeps what a new service touches, relative to its root. */
export const PROJECT_FILES = {
  registry: path.join('stacks', 'service-constructs.ts'),
  schema: path.join('catalogue', 'schemas', 'service.schema.json'),
  constructs: 'constructs',
  tests: path.join('test', 'services'),
} as const;

export const IMPORTS_MARKER = '// csm new service: construct imports above this line';
export const ENTRIES_MARKER = '  // csm new service: registrations above this line';

const SLUG = /^[a-z]([a-z0-9-]{0,46}[a-z0-9])?$/;

export interface ScaffoldPlan {
  names: ScaffoldNames;
  /** New files: path → content. Each must not exist. */
  create: Map<string, string>;
  /** Existing files rewritten: path → [content read, content to write]. */
  edit: Map<string, [string, string]>;
}

const read = (file: string, what: string) => {
  if (!fs.existsSync(file)) throw new ScaffoldError(`${file}: not found: csm new service runs in a csm project (${what})`);
  return fs.readFileSync(file, 'utf8');
};

/** The schema with `name` added to the `construct` enum, edited as text so the file keeps its layout. */
function schemaWith(text: string, file: string, name: string): string {
  const enumText = /("construct":\s*\{\s*"enum":\s*\[)([^\]]*)(\])/;
  const m = enumText.exec(text);
  if (!m) throw new ScaffoldError(`${file}: no "construct": { "enum": [...] } to register the construct in`);
  const edited = text.replace(enumText, (_, open: string, names: string, close: string) => `${open}${names.trimEnd()}, ${JSON.stringify(name)}${close}`);
  const parsed = JSON.parse(edited) as { properties?: { construct?: { enum?: string[] } } };
  if (!parsed.properties?.construct?.enum?.includes(name)) throw new ScaffoldError(`${file}: the construct enum could not be extended`);
  return edited;
}

/**
 * Everything `csm new service <id>` would write, checked before anything is: the id is a slug that starts with
 * a letter (it names a class), no entry, construct, test or registration of it exists, and the project has
 * the registry's markers. Throws ScaffoldError (bad input, exit 2) otherwise.
 */
export function planScaffold(root: string, cat: Catalogue, id: string): ScaffoldPlan {
  if (!SLUG.test(id)) throw new ScaffoldError(`"${id}" is not a service id: lower-case letters, digits and inner hyphens, starting with a letter, at most 48 characters`);
  if (id === RESERVED_ID) throw new ScaffoldError(reservedIdMessage(id));
  const names = { id, className: className(id) };
  if (cat.services.has(id) || cat.incompleteServices.has(id)) throw new ScaffoldError(`service "${id}" exists already (${cat.files.get(`service:${id}`)}): csm new service never replaces one`);
  // A global (Map, Date, Object) would be shadowed in the registry, which uses them.
  if (names.className in globalThis) throw new ScaffoldError(`"${id}" would name its construct ${names.className}, which JavaScript already defines: choose another id`);

  const registryFile = path.join(root, PROJECT_FILES.registry);
  const schemaFile = path.join(root, PROJECT_FILES.schema);
  const registry = read(registryFile, 'its service registry');
  const schema = read(schemaFile, 'its service schema');
  if (new RegExp(`\\b${names.className}\\b`).test(registry)) throw new ScaffoldError(`${registryFile} already names ${names.className}: csm new service never replaces a registration`);
  for (const marker of [IMPORTS_MARKER, ENTRIES_MARKER]) {
    if (registry.split('\n').filter((l) => l === marker).length !== 1) throw new ScaffoldError(`${registryFile}: the line "${marker.trim()}" must be there once, for csm new service to register the construct`);
  }
  const create = new Map<string, string>([
    [path.join(cat.root, 'services', `${id}.yaml`), catalogueEntry(names)],
    [path.join(root, PROJECT_FILES.constructs, `${id}.ts`), constructSource(names)],
    [path.join(root, PROJECT_FILES.tests, `${id}.test.ts`), testSource(names)],
  ]);
  const taken = [...create.keys()].filter((f) => fs.existsSync(f));
  if (taken.length) throw new ScaffoldError(`${taken.join(', ')} exist${taken.length === 1 ? 's' : ''} already: csm new service never replaces a file`);
  const registered = registry.replace(`${IMPORTS_MARKER}\n`, `${registryImport(names)}${IMPORTS_MARKER}\n`).replace(`${ENTRIES_MARKER}\n`, `${registryEntry(names)}${ENTRIES_MARKER}\n`);
  return {
    names,
    create,
    edit: new Map([
      [registryFile, [registry, registered]],
      [schemaFile, [schema, schemaWith(schema, schemaFile, names.className)]],
    ]),
  };
}

/**
 * Writes a plan all or nothing: new files are created exclusively (one that appeared since the plan is not
 * replaced), edited files are replaced only if they still hold what was read; on any failure, what was
 * written is undone.
 */
export function writeScaffold(plan: ScaffoldPlan): string[] {
  const created: string[] = [];
  const edited: Array<[string, string]> = [];
  try {
    for (const [file, [before]] of plan.edit) {
      if (fs.readFileSync(file, 'utf8') !== before) throw new ScaffoldError(`${file} changed while csm new service ran: nothing was written`);
    }
    for (const [file, content] of plan.create) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content, { flag: 'wx' });
      created.push(file);
    }
    for (const [file, [before, after]] of plan.edit) {
      const temp = `${file}.csm-new-${process.pid}`;
      fs.writeFileSync(temp, after, { flag: 'wx' });
      fs.renameSync(temp, file);
      edited.push([file, before]);
    }
  } catch (err) {
    for (const file of created) fs.rmSync(file, { force: true });
    for (const [file, before] of edited) fs.writeFileSync(file, before);
    throw err;
  }
  return [...created, ...edited.map(([f]) => f)];
}
