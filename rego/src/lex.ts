/*
 * Hand-written Rego lexer. One pass over the source; produces a flat token array (cheap to index with
 * lookahead) plus the comments (kept for `# METADATA`). Newlines are not tokens: Rego separates body
 * expressions by newline, so each token records whether a newline preceded it (`nl`).
 */
import type { Location } from './ast';
import { RegoCompileError, regoError } from './errors';

export type TokType =
  | 'ident' // identifiers and keywords (the parser decides which keywords apply where)
  | 'number'
  | 'string' // value is the decoded string
  | 'rawstring'
  | 'op' // punctuation and operators
  | 'eof';

export interface Token {
  t: TokType;
  v: string;
  row: number;
  col: number;
  /** A newline occurred between the previous token and this one. */
  nl: boolean;
  /** Whitespace (or a comment) occurred right before this token. */
  ws: boolean;
  /** Offset in the source, start and end. */
  pos: number;
  end: number;
}

export interface Comment {
  text: string; // without the leading '#'
  row: number;
  col: number;
}

export interface LexResult {
  tokens: Token[];
  comments: Comment[];
}

const OPS2 = new Set([':=', '==', '!=', '<=', '>=']);
const OPS1 = new Set(['=', '<', '>', '+', '-', '*', '/', '%', '&', '|', '.', ',', ';', ':', '(', ')', '[', ']', '{', '}']);

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function lex(src: string, file: string): LexResult {
  const tokens: Token[] = [];
  const comments: Comment[] = [];
  let i = src.charCodeAt(0) === 0xfeff ? 1 : 0; // a UTF-8 byte order mark is not part of the source
  let row = 1;
  let lineStart = 0;
  let nl = true;
  let ws = true;
  const n = src.length;

  const fail = (msg: string, r: number, c: number): never => {
    throw new RegoCompileError([regoError('rego_parse_error', msg, { file, row: r, col: c })]);
  };

  while (i < n) {
    const c = src.charCodeAt(i);
    // whitespace
    if (c === 10) {
      i++; row++; lineStart = i; nl = true; ws = true;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) {
      i++; ws = true;
      continue;
    }
    const col = i - lineStart + 1;
    if (c === 35 /* # */) {
      let j = i + 1;
      while (j < n && src.charCodeAt(j) !== 10) j++;
      comments.push({ text: src.slice(i + 1, j).replace(/\r$/, ''), row, col });
      i = j; ws = true;
      continue;
    }
    const start = i;
    const tokRow = row;
    let t: TokType;
    let v: string;
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n) {
        const d = src.charCodeAt(j);
        if (isIdentStart(d) || isDigit(d)) j++;
        else break;
      }
      t = 'ident'; v = src.slice(i, j); i = j;
    } else if (isDigit(c)) {
      // JSON number grammar; a leading '-' is handled by the parser
      let j = i;
      if (c === 48) j++;
      else while (j < n && isDigit(src.charCodeAt(j))) j++;
      if (src.charCodeAt(j) === 46 /* . */ && isDigit(src.charCodeAt(j + 1))) {
        j++;
        while (j < n && isDigit(src.charCodeAt(j))) j++;
      }
      const e = src.charCodeAt(j);
      if (e === 101 || e === 69) {
        let k = j + 1;
        const s = src.charCodeAt(k);
        if (s === 43 || s === 45) k++;
        if (isDigit(src.charCodeAt(k))) {
          while (k < n && isDigit(src.charCodeAt(k))) k++;
          j = k;
        }
      }
      if (j < n && (isIdentStart(src.charCodeAt(j)) || isDigit(src.charCodeAt(j)))) {
        fail('illegal number format', row, col);
      }
      t = 'number'; v = src.slice(i, j); i = j;
    } else if (c === 34 /* " */) {
      let j = i + 1;
      let out = '';
      let segStart = j;
      for (;;) {
        if (j >= n || src.charCodeAt(j) === 10) fail('non-terminated string', row, col);
        const d = src.charCodeAt(j);
        if (d === 34) break;
        if (d === 92 /* \ */) {
          out += src.slice(segStart, j);
          const e = src[j + 1];
          switch (e) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
              const hex = src.slice(j + 2, j + 6);
              if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('illegal escape sequence', row, j - lineStart + 1);
              out += String.fromCharCode(parseInt(hex, 16));
              j += 4;
              break;
            }
            default:
              fail('illegal escape sequence', row, j - lineStart + 1);
          }
          j += 2;
          segStart = j;
          continue;
        }
        j++;
      }
      out += src.slice(segStart, j);
      t = 'string'; v = out; i = j + 1;
    } else if (c === 96 /* ` */) {
      let j = i + 1;
      while (j < n && src.charCodeAt(j) !== 96) {
        if (src.charCodeAt(j) === 10) { row++; lineStart = j + 1; }
        j++;
      }
      if (j >= n) fail('non-terminated raw string', tokRow, col);
      t = 'rawstring'; v = src.slice(i + 1, j); i = j + 1;
    } else {
      const two = src.slice(i, i + 2);
      if (OPS2.has(two)) { t = 'op'; v = two; i += 2; }
      else if (OPS1.has(src[i])) { t = 'op'; v = src[i]; i += 1; }
      else fail(`illegal token`, row, col);
    }
    tokens.push({ t: t!, v: v!, row: tokRow, col, nl, ws, pos: start, end: i });
    nl = false;
    ws = false;
  }
  tokens.push({ t: 'eof', v: '', row, col: i - lineStart + 1, nl, ws: true, pos: i, end: i });
  return { tokens, comments };
}

export function tokLoc(file: string, tok: Token): Location {
  return { file, row: tok.row, col: tok.col };
}
