import * as fs from 'fs';
import * as path from 'path';
import { InputFileError, fieldPath } from '../model/errors';
import { parseYamlSource, type YamlSource } from '../model/yaml-source';
import { parseInstant } from '../model/calendar';

type Path = Array<string | number>;

/**
 * A JSON record csm wrote earlier (evidence, a service report), read as untrusted input: every field the SMS
 * report uses is checked for its shape where it is read, and a record that is not what csm writes is bad input
 * located at the field (file, line, column, JSON path), never a crash and never a silent skip.
 */
export class JsonRecord {
  private constructor(
    readonly file: string,
    private readonly text: string,
    private readonly value: unknown,
    private readonly kind: string,
  ) {}

  /**
   * Parses `file` with JSON.parse (records pile up: reading them must stay cheap); positions are worked out
   * only for a record that is bad, by reading it again as YAML (JSON is YAML, and every node has its place).
   */
  static read(file: string, kind: string): JsonRecord {
    const text = fs.readFileSync(file, 'utf8');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      const src = parseYamlSource(file, text);
      throw new InputFileError(src.problems.length ? src.problems : [{ file, line: 1, column: 1, field: '', message: `not JSON: ${(err as Error).message}` }]);
    }
    const record = new JsonRecord(file, text, value, kind);
    if (!isObject(value)) throw record.bad([], 'an object');
    return record;
  }

  bad(p: Path, what: string): InputFileError {
    const src: YamlSource = parseYamlSource(this.file, this.text);
    return new InputFileError([{ ...src.locate(p), field: fieldPath(p) || '(document)', message: `must be ${what} (${this.kind} as csm writes it)` }]);
  }

  /** The value at `p`, undefined when absent. */
  get(p: Path): unknown {
    let v: unknown = this.value;
    for (const k of p) v = isObject(v) || Array.isArray(v) ? (v as Record<string | number, unknown>)[k] : undefined;
    return v;
  }

  string(p: Path): string {
    const v = this.get(p);
    if (typeof v !== 'string') throw this.bad(p, 'a string');
    return v;
  }

  optionalString(p: Path): string | null {
    const v = this.get(p);
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') throw this.bad(p, 'a string or null');
    return v;
  }

  number(p: Path): number {
    const v = this.get(p);
    if (typeof v !== 'number' || !Number.isFinite(v)) throw this.bad(p, 'a finite number');
    return v;
  }

  boolean(p: Path): boolean {
    const v = this.get(p);
    if (typeof v !== 'boolean') throw this.bad(p, 'true or false');
    return v;
  }

  /** A time that exists, with its zone (RFC 3339), as milliseconds. */
  instant(p: Path): number {
    const t = parseInstant(this.string(p));
    if (!t) throw this.bad(p, 'a date-time that exists, with its zone');
    return t.getTime();
  }

  oneOf<T extends string>(p: Path, values: readonly T[]): T {
    const v = this.string(p);
    if (!(values as readonly string[]).includes(v)) throw this.bad(p, `one of ${values.join(', ')}`);
    return v as T;
  }

  /** The length of the list at `p`; an absent list is empty when `optional`. */
  list(p: Path, optional = false): number {
    const v = this.get(p);
    if (v === undefined && optional) return 0;
    if (!Array.isArray(v)) throw this.bad(p, 'a list');
    return v.length;
  }

  strings(p: Path): string[] {
    return Array.from({ length: this.list(p) }, (_, i) => this.string([...p, i]));
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The `.json` files under `dir` (recursively), sorted; none when the folder does not exist. */
export function jsonFilesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}
