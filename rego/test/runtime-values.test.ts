import { loadRuntime } from './runtime-harness';

describe('runtime values', () => {
  const rt = loadRuntime();

  test('JSON round trip', () => {
    for (const [inp, out] of [
      ['null', 'null'],
      ['true', 'true'],
      ['[1, 2.5, -3, 1e3, 0.1, 1.5e30, 12345678901234567890]', '[1,2.5,-3,1000,0.1,1500000000000000000000000000000,12345678901234567890]'],
      ['{"b": 1, "a": [true, false, null], "c": {"z": "é\\n\\"x\\u00e9\\ud83d\\ude00"}}',
        '{"a":[true,false,null],"b":1,"c":{"z":"é\\n\\"xé😀"}}'],
      ['"a\\u0001b"', '"a\\u0001b"'],
      ['[]', '[]'],
      ['{}', '{}'],
    ]) {
      const v = rt.json(inp);
      expect(v).not.toBe(0);
      expect(rt.dumpJSON(v)).toBe(out);
    }
    expect(rt.json('{"a":}')).toBe(0);
    expect(rt.json('[1,]')).toBe(0);
    expect(rt.json('{1: 2}')).toBe(0);
  });

  test('float formatting reads back', () => {
    for (const f of [0.1, 0.2 + 0.1, 1 / 3, 123.456, 1e-7, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1.5e300, 1e23, 2 ** 60 + 0.5, 3.14159, 9007199254740993.5, 4.35, 0.3]) {
      const v = rt.x.opa_number_float(f);
      expect(JSON.parse(rt.dumpJSON(v))).toBe(f);
    }
    expect(rt.dumpJSON(rt.x.opa_number_float(0.1))).toBe('0.1');
    expect(rt.dumpJSON(rt.x.opa_number_float(2.5))).toBe('2.5');
    expect(rt.dumpJSON(rt.x.opa_number_float(1.5e300))).toBe('1.5e+300');
    expect(rt.dumpJSON(rt.x.opa_number_float(5e-324))).toBe('5e-324');
  });

  test('float parsing is correctly rounded', () => {
    const texts = ['0.1', '1.7976931348623157e308', '2.2250738585072011e-308', '5e-324', '4.9406564584124654e-324',
      '9007199254740993', '123456789012345678901234567890.5', '0.30000000000000004', '1e23', '8.98846567431158e307',
      '2.4703282292062327e-324', '2.4703282292062328e-324', '1.00000000000000011102230246251565404236316680908203125',
      '1.00000000000000011102230246251565404236316680908203124', '3.14159265358979323846264338327950288'];
    for (const t of texts) {
      const v = rt.json(t.includes('.') || t.includes('e') ? t : t + '.5');
      const want = Number(t.includes('.') || t.includes('e') ? t : t + '.5');
      expect([t, JSON.parse(rt.dumpJSON(v))]).toEqual([t, want]);
    }
  });

  test('Rego terms: sets and non-string keys', () => {
    expect(rt.dumpTerm(rt.term('{3, 1, 2, 1}'))).toBe('{1,2,3}');
    expect(rt.dumpTerm(rt.term('set()'))).toBe('set()');
    expect(rt.dumpJSON(rt.term('{3, 1}'))).toBe('[1,3]');
    expect(rt.dumpTerm(rt.term('{1: "a", "x": set(), [1]: 2}'))).toBe('{1:"a","x":set(),[1]:2}');
    expect(rt.dumpJSON(rt.term('{1: "a", [1]: 2}'))).toBe('{"1":"a","[1]":2}');
  });

  test('ordering as ast.Compare', () => {
    const order = ['null', 'false', 'true', '-1', '0', '0.5', '1', '2', '""', '"a"', '"b"', '[]', '[1]', '[1, 2]', '[2]',
      '{}', '{"a": 1}', '{"a": 2}', '{"b": 0}', 'set()', '{1}', '{1, 2}', '{2}'];
    const vs = order.map((t) => rt.term(t));
    for (let i = 0; i < vs.length; i++) {
      for (let j = 0; j < vs.length; j++) {
        expect([order[i], order[j], rt.x.opa_value_compare(vs[i], vs[j])]).toEqual([order[i], order[j], Math.sign(i - j)]);
      }
    }
    expect(rt.x.opa_value_equal(rt.term('1'), rt.term('1.0'))).toBe(1);
    expect(rt.x.opa_value_hash(rt.term('1'))).toBe(rt.x.opa_value_hash(rt.term('1.0')));
    expect(rt.x.opa_value_equal(rt.term('{"a": [1, {2}]}'), rt.term('{"a": [1.0, {2}]}'))).toBe(1);
  });

  test('objects: lookup, many keys, sorted iteration', () => {
    const o = rt.x.opa_object();
    const keys: number[] = [];
    for (let i = 0; i < 200; i++) keys.push((i * 7919) % 200);
    for (const k of keys) rt.x.opa_object_insert(o, rt.term(String(k)), rt.term(`"v${k}"`));
    expect(rt.x.opa_value_length(o)).toBe(200);
    for (let k = 0; k < 200; k++) expect(rt.dumpTerm(rt.x.opa_value_get(o, rt.term(String(k))))).toBe(`"v${k}"`);
    expect(rt.x.opa_value_get(o, rt.term('200'))).toBe(0);
    let k = 0;
    let n = 0;
    while ((k = rt.x.opa_value_iter(o, k))) {
      expect(rt.dumpTerm(k)).toBe(String(n));
      n++;
    }
    expect(n).toBe(200);
    expect(rt.dumpTerm(rt.x.rt_key_at(o, 5))).toBe('5');
    expect(rt.dumpTerm(rt.x.rt_val_at(o, 5))).toBe('"v5"');
    const arr = rt.term('["a", "b"]');
    expect(rt.dumpTerm(rt.x.opa_value_get(arr, rt.term('1')))).toBe('"b"');
    expect(rt.x.opa_value_get(arr, rt.term('2'))).toBe(0);
    expect(rt.dumpTerm(rt.x.opa_value_iter(arr, 0))).toBe('0');
  });

  test('merge', () => {
    const m = rt.x.opa_value_merge(rt.term('{"a": {"b": 1}}'), rt.term('{"a": {"c": 2}, "d": 3}'));
    expect(rt.dumpTerm(m)).toBe('{"a":{"b":1,"c":2},"d":3}');
    expect(rt.x.opa_value_merge(rt.term('{"a": 1}'), rt.term('{"a": 2}'))).toBe(0);
  });

  test('errors abort with code: message', () => {
    const [a, n] = rt.put('complete rules must not produce multiple outputs');
    expect(() => rt.x.rt_error(0, a, n)).toThrow('eval_conflict_error: complete rules must not produce multiple outputs');
  });

  test('opa_eval fast path dumps the result set', () => {
    rt.hooks.eval = (_ep, _d, input) => rt.x.rt_result_set(input);
    const base = rt.x.opa_heap_ptr_get();
    const [a, n] = rt.put('{"x": [1, 2]}');
    const out = rt.x.opa_eval(0, 0, rt.json('{}'), a, n, a + n, 0);
    expect(rt.cstr(out)).toBe('[{"result":{"x":[1,2]}}]');
    rt.x.opa_heap_ptr_set(base);
  });
});

describe('exact decimal comparison', () => {
  const rt = loadRuntime();
  test.each([
    ['3', '3.5', -1], ['3.50', '3.5', 0], ['1e2', '100', 0], ['1E+2', '100.0', 0], ['1e-1', '0.10', 0],
    ['0.1', '0.10000000000001', -1], ['-0', '0', 0], ['0.0', '0.001', -1], ['-0.001', '0', -1],
    ['123456789012345', '123456789012345.5', -1], ['999999999999999', '1e15', -1], ['1e299', '1e-299', 1],
    ['1e400', '1e399', 1], ['1e-400', '0', 1], ['0.1234567890123456789', '0.1234567890123456788', 1],
    ['1234567890123456789012', '1234567890123456789013', -1], ['-1e400', '-1e399', -1], ['0.1', '0.1', 0],
  ])('%s vs %s = %d', (a, b, want) => {
    expect(rt.x.opa_value_compare(rt.json(a), rt.json(b))).toBe(want);
  });
  test('decimal literals dump as numbers', () => {
    // literals print as written, as OPA keeps json.Number text
    expect(rt.dumpJSON(rt.json('[3.50, 1e-400, 0.1234567890123456789]'))).toBe('[3.50,1e-400,0.1234567890123456789]');
  });
});

test('values outlive heap resets: sorting and lookups never allocate into persistent objects', () => {
  const rt = loadRuntime();
  const keys = Array.from({ length: 60 }, (_, i) => `k${(i * 37) % 60}`);
  const data = rt.json('{' + keys.map((k) => `"${k}": "${k}v"`).join(',') + '}');
  const set = rt.json('[' + keys.map((k) => `"${k}"`).join(',') + ']');
  const base = rt.x.opa_heap_ptr_get();
  for (let round = 0; round < 3; round++) {
    // an "evaluation": iterate (sorts), look up, then scribble over the heap and reset it
    expect(rt.dumpTerm(rt.x.rt_key_at(data, 0))).toBe('"k0"');
    expect(rt.dumpTerm(rt.x.opa_value_get(data, rt.term('"k42"')))).toBe('"k42v"');
    const junk = rt.x.opa_malloc(1 << 16);
    new Uint8Array(rt.mem.buffer).fill(0xff, junk, junk + (1 << 16));
    rt.x.opa_heap_ptr_set(base);
  }
  for (const k of keys) expect(rt.dumpTerm(rt.x.opa_value_get(data, rt.term(`"${k}"`)))).toBe(`"${k}v"`);
  expect(rt.x.opa_value_length(set)).toBe(60);
});

test('float formatting is shortest and round-trips (random doubles, JS as reference)', () => {
  const rt = loadRuntime();
  const digits = (s: string) => s.replace(/^-/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const base = rt.x.opa_heap_ptr_get();
  for (let i = 0; i < 3000; i++) {
    const mag = Math.floor(rnd() * 40) - 20;
    let f = (rnd() - 0.5) * Math.pow(10, mag);
    if (i % 3 === 0) f = Math.round(f * 1000) / 1000;
    if (Number.isInteger(f) || f === 0) continue;
    const out = rt.dumpJSON(rt.x.opa_number_float(f));
    expect([f, JSON.parse(out)]).toEqual([f, f]);
    expect([f, digits(out)]).toEqual([f, digits(String(f))]);
    rt.x.opa_heap_ptr_set(base);
  }
});

test('JSON parsing is strict', () => {
  const rt = loadRuntime();
  for (const bad of ['01', '1.', '.5', '+1', '1e', '-', '"a\u0001b"', '"\\x41"', '[1 2]', '{"a" 1}', 'tru', '"abc', '1-2'])
    expect([bad, rt.json(bad)]).toEqual([bad, 0]);
  for (const good of ['0', '-0.5', '1e5', '1E+5', '2.5e-3', '"\\u00e9\\/\\b\\f"', ' [ ] ', '{"a":{"b":[null]}}'])
    expect([good, rt.json(good) !== 0]).toEqual([good, true]);
});
