/**
 * Line and column of a value inside JSON text, found by walking the text along a path (`['resource_changes', 3,
 * 'change']`). Used only to point an error at the right line of a file already known to be valid JSON; walks as
 * far as the path exists and points at the deepest value found.
 */
export interface TextPosition {
  line: number;
  column: number;
}

export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

class Walker {
  i = 0;
  constructor(private readonly text: string) {}

  ws(): void {
    while (this.i < this.text.length && ' \t\r\n'.includes(this.text[this.i])) this.i++;
  }

  string(): string {
    const start = this.i;
    this.i++;
    while (this.i < this.text.length && this.text[this.i] !== '"') this.i += this.text[this.i] === '\\' ? 2 : 1;
    this.i++;
    return JSON.parse(this.text.slice(start, this.i)) as string;
  }

  /** Skips one value of any kind. */
  skip(): void {
    this.ws();
    const c = this.text[this.i];
    if (c === '"') return void this.string();
    if (c === '{' || c === '[') {
      let depth = 0;
      while (this.i < this.text.length) {
        const d = this.text[this.i];
        if (d === '"') {
          this.string();
          continue;
        }
        if (d === '{' || d === '[') depth++;
        else if (d === '}' || d === ']') depth--;
        this.i++;
        if (depth === 0) return;
      }
      return;
    }
    while (this.i < this.text.length && !',}] \t\r\n'.includes(this.text[this.i])) this.i++;
  }

  /** Moves to the value of `key` (object) or element `key` (array) of the value here; false if absent. */
  enter(key: string | number): boolean {
    this.ws();
    const open = this.text[this.i];
    if (open === '{' && typeof key === 'string') {
      this.i++;
      for (;;) {
        this.ws();
        if (this.text[this.i] !== '"') return false;
        const k = this.string();
        this.ws();
        this.i++; // ':'
        if (k === key) {
          this.ws();
          return true;
        }
        this.skip();
        this.ws();
        if (this.text[this.i] !== ',') return false;
        this.i++;
      }
    }
    if (open === '[' && typeof key === 'number') {
      this.i++;
      for (let n = 0; ; n++) {
        this.ws();
        if (this.text[this.i] === ']') return false;
        if (n === key) return true;
        this.skip();
        this.ws();
        if (this.text[this.i] !== ',') return false;
        this.i++;
      }
    }
    return false;
  }
}

export function locateJsonPath(text: string, path: ReadonlyArray<string | number>): TextPosition {
  const w = new Walker(text);
  w.ws();
  let found = w.i;
  for (const key of path) {
    if (!w.enter(key)) break;
    found = w.i;
  }
  return positionAt(text, found);
}
