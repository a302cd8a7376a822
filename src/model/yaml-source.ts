import { LineCounter, parseDocument, isMap, isSeq, isPair, isScalar, type Node } from 'yaml';
import type { Locator, SourceLocation } from './types';
import type { CatalogueIssue } from './errors';

/** A parsed YAML file that can say where each of its fields sits. */
export interface YamlSource {
  file: string;
  value: unknown;
  locate: Locator;
  /** Syntax errors and duplicate keys, already located. */
  problems: CatalogueIssue[];
}

export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number): SourceLocation => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  const problems: CatalogueIssue[] = [...doc.errors, ...doc.warnings].map((e) => ({
    ...at(e.pos[0]),
    field: '',
    message: e.message.split('\n')[0],
  }));

  const locate: Locator = (path) => {
    // Walk down as far as the path exists; point at the deepest node found (a missing field is reported
    // at the object that should hold it).
    let node: unknown = doc.contents;
    let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
    for (const key of path) {
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
        if (pair) {
          // A scalar value is the thing that is wrong: point at it. A collection is pointed at by its key.
          const target = isScalar(pair.value) ? (pair.value as Node) : (pair.key as Node);
          offset = target.range?.[0] ?? offset;
          next = pair.value;
        }
      } else if (isSeq(node) && typeof key === 'number') {
        next = node.items[key];
        offset = (next as Node | undefined)?.range?.[0] ?? offset;
      }
      if (next === undefined) break;
      node = next;
    }
    return at(offset);
  };

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // An alias bomb, or a document that cannot become plain data: a problem of the file, located at its start.
    problems.push({ ...at(0), field: '', message: (err as Error).message.split('\n')[0] });
  }
  return { file, value, locate, problems };
}
