/*
 * `# METADATA` blocks: a comment line `# METADATA` followed by contiguous comment lines holding YAML.
 * The block attaches to the next package or rule that starts after it.
 */
import YAML from 'yaml';
import type { Annotation, AnnotationScope, Location } from './ast';
import { RegoCompileError, regoError } from './errors';
import type { Comment } from './lex';

export interface MetadataBlock {
  annotation: Annotation;
  /** Last row of the block; it applies to the first rule/package starting after this row. */
  endRow: number;
  /** Whether the YAML gave an explicit scope (otherwise the target decides: rule or package). */
  explicitScope: boolean;
}

const SCOPES = new Set(['rule', 'document', 'package', 'subpackages']);

export function extractMetadata(comments: Comment[], file: string): MetadataBlock[] {
  const out: MetadataBlock[] = [];
  for (let i = 0; i < comments.length; i++) {
    const c = comments[i];
    if (c.text.trim() !== 'METADATA') continue;
    const lines: string[] = [];
    let j = i + 1;
    let row = c.row;
    while (j < comments.length && comments[j].row === row + 1 && comments[j].col === c.col) {
      lines.push(comments[j].text);
      row = comments[j].row;
      j++;
    }
    const location: Location = { file, row: c.row, col: c.col };
    out.push(parseBlock(lines.join('\n'), location, row));
    i = j - 1;
  }
  return out;
}

function parseBlock(text: string, location: Location, endRow: number): MetadataBlock {
  let doc: unknown;
  try {
    doc = text.trim() === '' ? {} : YAML.parse(text);
  } catch (e) {
    throw new RegoCompileError([regoError('rego_parse_error', 'yaml: ' + (e as Error).message.split('\n')[0], location)]);
  }
  if (doc === null || doc === undefined) doc = {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new RegoCompileError([regoError('rego_parse_error', 'yaml: metadata must be a mapping', location)]);
  }
  const d = doc as Record<string, unknown>;
  const a: Annotation = { scope: 'rule', location };
  let explicitScope = false;
  if (d.scope !== undefined) {
    if (typeof d.scope !== 'string' || !SCOPES.has(d.scope)) {
      throw new RegoCompileError([regoError('rego_parse_error', `invalid annotation scope '${String(d.scope)}'`, location)]);
    }
    a.scope = d.scope as AnnotationScope;
    explicitScope = true;
  }
  if (typeof d.title === 'string') a.title = d.title;
  if (typeof d.description === 'string') a.description = d.description;
  if (Array.isArray(d.organizations)) a.organizations = d.organizations.map(String);
  if (Array.isArray(d.related_resources)) {
    a.related_resources = d.related_resources.map((r) => (typeof r === 'string' ? { ref: r } : (r as { ref: string; description?: string })));
  }
  if (Array.isArray(d.authors)) {
    a.authors = d.authors.map((x) => (typeof x === 'string' ? parseAuthor(x) : (x as { name?: string; email?: string })));
  }
  if (Array.isArray(d.schemas)) {
    a.schemas = d.schemas.map((s) => {
      const [path, schema] = Object.entries(s as Record<string, unknown>)[0] ?? [];
      return { path, schema };
    });
  }
  if (typeof d.entrypoint === 'boolean') a.entrypoint = d.entrypoint;
  if (d.custom !== undefined && typeof d.custom === 'object' && d.custom !== null) a.custom = d.custom as Record<string, unknown>;
  return { annotation: a, endRow, explicitScope };
}

/** `Jane Doe <jane@example.com>` → name and email. */
function parseAuthor(s: string): { name?: string; email?: string } {
  const m = /^(.*?)\s*<([^>]+)>\s*$/.exec(s);
  if (m) return m[1] ? { name: m[1], email: m[2] } : { email: m[2] };
  return { name: s.trim() };
}
