// The conformance runner's comparison rules (results and errors).
import { canonical, deepSorted, errorMatches, sameResults } from '../conformance/compare';

describe('result comparison', () => {
  test('object key order never matters, array order does', () => {
    expect(canonical({ b: 1, a: [2, 1] })).toBe(canonical({ a: [2, 1], b: 1 }));
    expect(sameResults([{ x: [1, 2] }], [{ x: [2, 1] }], false)).toBe(false);
  });
  test('sort_bindings: order-insensitive at every depth', () => {
    expect(sameResults([{ x: 2 }, { x: 1 }], [{ x: 1 }, { x: 2 }], true)).toBe(true);
    expect(sameResults([{ x: [null, {}, []] }], [{ x: [null, [], {}] }], true)).toBe(true);
    expect(sameResults([{ x: [1] }], [{ x: [1, 1] }], true)).toBe(false);
    expect(deepSorted({ a: [[3, 1], [2]] })).toEqual({ a: [[1, 3], [2]] });
  });
  test('undefined is the empty list', () => {
    expect(sameResults([], [], false)).toBe(true);
    expect(sameResults([{}], [], false)).toBe(false);
  });
});

describe('error matching', () => {
  test('code and message substring', () => {
    expect(errorMatches('eval_builtin_error', 'div: divide by zero', 'eval_builtin_error', 'divide by zero')).toBe(true);
    expect(errorMatches('eval_type_error', 'div: divide by zero', 'eval_builtin_error', 'divide by zero')).toBe(false);
    expect(errorMatches('eval_conflict_error', 'anything', 'eval_conflict_error', '')).toBe(true);
  });
  test('a rendered `file:row: code: message` expectation matches on code and message', () => {
    const want = 'test-0.rego:4: eval_type_error: strings.any_prefix_match: operand 2 must be array of strings but got array containing number';
    expect(errorMatches('eval_type_error', 'strings.any_prefix_match: operand 2 must be array of strings but got array containing number', 'eval_type_error', want)).toBe(true);
    expect(errorMatches('eval_builtin_error', 'strings.any_prefix_match: operand 2 must be array of strings but got array containing number', undefined, want)).toBe(false);
  });
});
