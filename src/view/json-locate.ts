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

const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/**
 * The offset of the first JSON syntax error in `text` (the text's length when it stops too early), or -1 when
 * there is none: JSON.parse names the position only for some errors ("Unexpected token '#'" carries none).
 */
export function syntaxErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new SyntaxPosition(i);
  };
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r' || text[i] === '\n')) i++;
  };
  const string = () => {
    i++;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 34) return void i++;
      if (c < 0x20) fail();
      i += c === 92 ? 2 : 1;
    }
    fail();
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '"') return string();
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) return void i++;
      for (;;) {
        if (c === '{') {
          ws();
          if (text[i] !== '"') fail();
          string();
          ws();
          if (text[i] !== ':') fail();
          i++;
        }
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === close) return void i++;
        else fail();
      }
    }
    LITERAL.lastIndex = i;
    if (!LITERAL.exec(text)) fail();
    i = LITERAL.lastIndex;
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return -1;
  } catch (err) {
    if (err instanceof SyntaxPosition) return Math.min(err.offset, text.length);
    return -1; // nested deeper than the stack allows: JSON.parse's own message stands
  }
}

class SyntaxPosition {
  constructor(readonly offset: number) {}
}

/**
 * The offset where JSON text first nests deeper than `limit` objects and arrays, or -1. Terraform's plans nest a
 * few dozen levels; csm's readers recurse, so anything far deeper is refused before it reaches them.
 */
export function nestingBeyond(text: string, limit: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // Skip the string: to the next quote not escaped by an odd number of backslashes.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
    } else if (c === 123 || c === 91) {
      if (++depth > limit) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return -1;
}

/** The JSON path to the value that starts at `offset` of valid JSON text (object keys and array indexes). */
export function jsonPathAt(text: string, offset: number): Array<string | number> {
  const path: Array<string | number> = [];
  const stack: Array<{ array: boolean; index: number }> = [];
  let key: string | undefined;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      key = JSON.parse(text.slice(start, i + 1)) as string;
    } else if (c === '{' || c === '[') {
      const top = stack[stack.length - 1];
      if (top) path.push(top.array ? top.index : (key ?? ''));
      stack.push({ array: c === '[', index: 0 });
    } else if (c === '}' || c === ']') {
      stack.pop();
      if (stack.length) path.pop();
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.array) top.index++;
    }
  }
  const top = stack[stack.length - 1];
  if (top) path.push(top.array ? top.index : (key ?? ''));
  return path;
}
