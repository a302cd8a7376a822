import { loadRuntime } from './runtime-harness';

const rt = loadRuntime();
const cases: [string, string[], string][] = [
  ['plus', ['1', '2'], '3'],
  ['plus', ['1', '2.5'], '3.5'],
  
  ['minus', ['{1, 2, 3}', '{2}'], '{1,3}'],
  ['mul', ['1.5', '2'], '3'],
  ['div', ['1', '3'], '0.3333333333333333'],
  ['div', ['4', '2'], '2'],
  ['div', ['1', '0'], 'undefined'],
  ['rem', ['7', '-3'], '1'],
  ['rem', ['-7', '3'], '-1'],
  ['rem', ['7.5', '3'], 'undefined'],
  ['and', ['{1, 2}', '{2, 3}'], '{2}'],
  ['or', ['{1, 2}', '{2, 3}'], '{1,2,3}'],
  ['lt', ['1', '"a"'], 'true'],
  ['internal.member_2', ['2', '[1, 2]'], 'true'],
  ['internal.member_2', ['"a"', '{"x": "a"}'], 'true'],
  ['internal.member_3', ['"x"', '"a"', '{"x": "a"}'], 'true'],
  ['count', ['"héllo"'], '5'],
  ['count', ['{1, 2}'], '2'],
  ['count', ['1'], 'undefined'],
  ['sum', ['[1, 2.5, 3]'], '6.5'],
  ['product', ['{2, 3}'], '6'],
  ['max', ['[1, 3, 2]'], '3'],
  ['min', ['{"b", "a"}'], '"a"'],
  ['max', ['[]'], 'undefined'],
  ['sort', ['[3, "a", 1, null]'], '[null,1,3,"a"]'],
  ['concat', ['", "', '["a", "b"]'], '"a, b"'],
  ['concat', ['"-"', '{"b", "a"}'], '"a-b"'],
  ['contains', ['"abc"', '"bc"'], 'true'],
  ['startswith', ['"abc"', '"ab"'], 'true'],
  ['endswith', ['"abc"', '"ab"'], 'false'],
  ['lower', ['"AbÇ"'], '"abç"'],
  ['upper', ['"abç"'], '"ABÇ"'],
  ['split', ['"a.b.c"', '"."'], '["a","b","c"]'],
  ['split', ['"héy"', '""'], '["h","é","y"]'],
  ['strings.split_n', ['"a.b.c.d"', '"."', '-2'], '["c","d"]'],
  ['replace', ['"aaa"', '"a"', '"b"'], '"bbb"'],
  ['strings.replace_n', ['{"a": "b", "b": "c"}', '"ab"'], '"bc"'],
  ['trim', ['"xxhixx"', '"x"'], '"hi"'],
  ['trim_left', ['"xxhixx"', '"x"'], '"hixx"'],
  ['trim_right', ['"xxhixx"', '"x"'], '"xxhi"'],
  ['trim_prefix', ['"foobar"', '"foo"'], '"bar"'],
  ['trim_suffix', ['"foobar"', '"bar"'], '"foo"'],
  ['trim_space', ['"  hi \\n"'], '"hi"'],
  ['substring', ['"héllo"', '1', '3'], '"éll"'],
  ['substring', ['"hello"', '1', '-1'], '"ello"'],
  ['substring', ['"hello"', '10', '1'], '""'],
  ['indexof', ['"héllo"', '"l"'], '2'],
  ['indexof', ['"hello"', '"z"'], '-1'],
  ['indexof_n', ['"abab"', '"b"'], '[1,3]'],
  ['strings.reverse', ['"héllo"'], '"olléh"'],
  ['strings.count', ['"cheese"', '"e"'], '3'],
  ['strings.any_prefix_match', ['["a/b", "c"]', '"a/"'], 'true'],
  ['strings.any_suffix_match', ['"a/b"', '{"c", "b"}'], 'true'],
  ['format_int', ['255', '16'], '"ff"'],
  ['format_int', ['-5.9', '2'], '"-101"'],
  ['to_number', ['"10"'], '10'],
  ['to_number', ['"-1.5"'], '-1.5'],
  ['to_number', ['true'], '1'],
  ['to_number', ['"x"'], 'undefined'],
  ['type_name', ['set()'], '"set"'],
  ['is_number', ['1'], 'true'],
  ['object.get', ['{"a": {"b": 1}}', '["a", "b"]', '0'], '1'],
  ['object.get', ['{"a": 1}', '"z"', '0'], '0'],
  ['object.keys', ['{"a": 1, "b": 2}'], '{"a","b"}'],
  ['object.union', ['{"a": {"x": 1}, "b": 1}', '{"a": {"y": 2}, "b": 2}'], '{"a":{"x":1,"y":2},"b":2}'],
  ['object.union_n', ['[{"a": 1}, {"b": 2}, {"a": 3}]'], '{"a":3,"b":2}'],
  ['object.remove', ['{"a": 1, "b": 2}', '["a"]'], '{"b":2}'],
  ['object.filter', ['{"a": 1, "b": 2}', '{"a"}'], '{"a":1}'],
  ['array.concat', ['[1]', '[2]'], '[1,2]'],
  ['array.slice', ['[1, 2, 3, 4]', '1', '3'], '[2,3]'],
  ['array.slice', ['[1, 2, 3, 4]', '3', '1'], '[]'],
  ['array.reverse', ['[1, 2]'], '[2,1]'],
  ['array.flatten', ['[1, [2, [3]]]'], '[1,2,[3]]'],
  ['union', ['{{1}, {2}}'], '{1,2}'],
  ['intersection', ['{{1, 2}, {2, 3}}'], '{2}'],
  ['abs', ['-1.5'], '1.5'],
  ['round', ['2.5'], '3'],
  ['round', ['-2.5'], '-3'],
  ['ceil', ['1.2'], '2'],
  ['floor', ['-1.2'], '-2'],
  ['numbers.range', ['3', '1'], '[3,2,1]'],
  ['numbers.range_step', ['1', '6', '2'], '[1,3,5]'],
  ['bits.and', ['7', '3'], '3'],
  ['bits.lsh', ['1', '4'], '16'],
  ['bits.negate', ['0'], '-1'],
  ['json.marshal', ['{"a": [1, "<"], "b": {1}}'], '"{\\"a\\":[1,\\"\\\\u003c\\"],\\"b\\":[1]}"'],
  ['json.unmarshal', ['"{\\"a\\": [1, 2.5]}"'], '{"a":[1,2.5]}'],
  ['base64.encode', ['"hello"'], '"aGVsbG8="'],
  ['base64.decode', ['"aGVsbG8="'], '"hello"'],
  ['base64url.encode_no_pad', ['"hi?"'], '"aGk_"'],
  ['base64url.decode', ['"aGk_"'], '"hi?"'],
  ['base64.is_valid', ['"aGVsbG8"'], 'false'],
  ['units.parse', ['"500m"'], '0.5'],
  ['units.parse', ['"1Ki"'], '1024'],
  ['units.parse_bytes', ['"1.1KiB"'], '1126'],
  ['units.parse_bytes', ['"10KB"'], '10000'],
  ['units.parse_bytes', ['"5E"'], '5000000000000000000'],
  ['units.parse_bytes', ['"100 kb"'], 'undefined'],
];

describe('runtime builtins', () => {
  test.each(cases)('%s(%j) = %s', (name, args, want) => {
    expect(rt.bi(name, ...args)).toBe(want);
  });

  test('strict mode raises builtin errors with code and message', () => {
    rt.x.rt_set_strict(1);
    expect(() => rt.bi('div', '1', '0')).toThrow('eval_builtin_error: div: divide by zero');
    expect(() => rt.bi('array.concat', '{}', '[]')).toThrow('eval_type_error: array.concat: operand 1 must be array but got object');
    expect(() => rt.bi('units.parse', '"100 k"')).toThrow('eval_builtin_error: units.parse: spaces not allowed in resource strings');
    expect(() => rt.bi('strings.any_prefix_match', '[1]', '"a"')).toThrow(
      'eval_type_error: strings.any_prefix_match: operand 1 must be array of strings but got array containing number');
    rt.x.rt_set_strict(0);
  });
});

describe('glob and net', () => {
  test.each([
    ['"*:github:com"', '[":"]', '"api:github:com"', 'true'],
    ['"*.github.com"', '["."]', '"api.not-github.com"', 'false'],
    ['"[!abc]at"', '[]', '"fat"', 'true'],
    ['"[!a-c]at"', '[]', '"bat"', 'false'],
    ['"{cat,bat,[fr]at}"', '[]', '"rat"', 'true'],
    ['"{cat,bat,[fr]at}"', '[]', '"at"', 'false'],
    ['"*"', 'null', '"foo.bar"', 'true'],
    ['"?"', 'null', '""', 'false'],
    ['"a/**/b"', 'null', '"a//b"', 'true'],
    ['"a/**/b"', 'null', '"a/b"', 'false'],
    ['"{**/,}x"', 'null', '"x"', 'true'],
    ['"***"', '["."]', '""', 'true'],
    ['"*?*"', '[".", "/"]', '"api.github.com"', 'false'],
    ['"*"', '[".", "/"]', '"a/b"', 'false'],
    ['"\\\\*"', 'null', '"*"', 'true'],
  ])('glob.match(%s, %s, %s) = %s', (p, d, s, want) => {
    expect(rt.bi('glob.match', p, d, s)).toBe(want);
  });
  test.each([
    ['"10.0.0.0/8"', '"10.1.2.3"', 'true'],
    ['"10.0.0.0/8"', '"11.1.2.3"', 'false'],
    ['"192.168.1.0/24"', '"192.168.1.0/28"', 'true'],
    ['"192.168.1.0/28"', '"192.168.1.0/24"', 'false'],
    ['"2001:db8::/32"', '"2001:db8:1::1"', 'true'],
    ['"2001:db8::/32"', '"2001:db9::1"', 'false'],
    ['"not-a-cidr"', '"1.2.3.4"', 'undefined'],
  ])('net.cidr_contains(%s, %s) = %s', (c, x, want) => {
    expect(rt.bi('net.cidr_contains', c, x)).toBe(want);
  });
});

describe('time', () => {
  test.each([
    ['time.parse_rfc3339_ns', ['"1677-09-21T00:12:43.145224192-00:00"'], '-9223372036854775808'],
    ['time.parse_rfc3339_ns', ['"1970-01-01T00:00:00Z"'], '0'],
    ['time.parse_rfc3339_ns', ['"2262-04-11T23:47:16.854775807Z"'], '9223372036854775807'],
    ['time.parse_rfc3339_ns', ['"2262-04-11T23:47:16.854775808-00:00"'], 'undefined'],
    ['time.parse_rfc3339_ns', ['"2018-02-05T10:00:00+01:00"'], '1517821200000000000'],
    ['time.date', ['1517821200000000000'], '[2018,2,5]'],
    ['time.clock', ['1517821200000000000'], '[9,0,0]'],
    ['time.weekday', ['1518177600000000000'], '"Friday"'],
    ['time.add_date', ['1585852421593912000', '3', '9', '12'], '1705257221593912000'],
    ['time.diff', ['1709251200000000000', '1706745600000000000'], '[0,1,0,0,0,0]'],
    ['time.date', ['1.5e22'], 'undefined'],
  ])('%s(%j) = %s', (name, args, want) => {
    expect(rt.bi(name, ...args)).toBe(want);
  });
});

describe('big integers', () => {
  test.each([
    ['plus', ['9223372036854775807', '1'], '9223372036854775808'],
    ['plus', ['18446744073709551617', '1'], '18446744073709551618'],
    ['plus', ['123456789012345678901234567890', '1'], '123456789012345678901234567891'],
    ['plus', ['1e30', '1'], '1000000000000000000000000000001'],
    ['plus', ['10.00', '5'], '15'],
    ['minus', ['-18446744073709551617', '1'], '-18446744073709551618'],
    ['minus', ['18446744073709551617', '18446744073709551617'], '0'],
    ['mul', ['18446744073709551617', '2'], '36893488147419103234'],
    ['mul', ['2147483647', '2147483647'], '4611686014132420609'],
    ['mul', ['-2147483648', '-2147483648'], '4611686018427387904'],
    ['rem', ['10', '18446744073709551616'], '10'],
    ['rem', ['18446744073709551617', '18446744073709551616'], '1'],
    ['rem', ['100', '-18446744073709551616'], '100'],
    ['rem', ['-18446744073709551617', '18446744073709551616'], '-1'],
    ['div', ['36893488147419103234', '2'], '18446744073709551617'],
    ['abs', ['-9223372036854775808'], '9223372036854775808'],
    ['bits.lsh', ['9223372036854775807', '1'], '18446744073709551614'],
    ['sum', ['[18446744073709551616, 2]'], '18446744073709551618'],
    ['lt', ['18446744073709551616', '18446744073709551617'], 'true'],
    ['lt', ['-18446744073709551617', '-18446744073709551616'], 'true'],
    ['equal', ['18446744073709551616', '18446744073709551616.0'], 'true'],
    ['to_number', ['"18446744073709551616"'], '18446744073709551616'],
  ])('%s(%j) = %s', (name, args, want) => {
    expect(rt.bi(name, ...args)).toBe(want);
  });
});

describe('sprintf (Go fmt semantics)', () => {
  test.each([
    ['"%v"', '[123456789123456789123]', '"123456789123456789123"'],
    ['"%v"', '[1208925819614629174706175]', '"1208925819614629174706175"'],
    ['"%v %v %v"', '[1, 2.5, "s"]', '"1 2.5 s"'],
    ['"%v"', '[[1, "a", {"b": set()}]]', '"[1, \\"a\\", {\\"b\\": set()}]"'],
    ['"%v"', '[{1, 2}]', '"{1, 2}"'],
    ['"%v"', '[true]', '"true"'],
    ['"%v"', '[null]', '"null"'],
    ['"%s/%d"', '["a", 5]', '"a/5"'],
    ['"hi %02X.%02X"', '[10, 255]', '"hi 0A.FF"'],
    ['"hi %.2f"', '[3.14159]', '"hi 3.14"'],
    ['"%d"', '["x"]', '"%!d(string=x)"'],
    ['"%d"', '[1.5]', '"%!d(float64=1.5)"'],
    ['"%d %d"', '[1]', '"1 %!d(MISSING)"'],
    ['"%d"', '[1, 2]', '"1%!(EXTRA int=2)"'],
    ['"%5s|%-5s|"', '["a", "b"]', '"    a|b    |"'],
    ['"%x"', '["hi"]', '"6869"'],
    ['"%x"', '[-255]', '"-ff"'],
    ['"%q"', '["a\\"b"]', '"\\"a\\\\\\"b\\""'],
    ['"%e"', '[1234.5678]', '"1.234568e+03"'],
    ['"%g"', '[0.00001234]', '"1.234e-05"'],
    ['"%v"', '[1234567.5]', '"1.2345675e+06"'],
    ['"%.3s"', '["abcdef"]', '"abc"'],
    ['"100%%"', '[]', '"100%"'],
    ['"%+d"', '[5]', '"+5"'],
    ['"%05d"', '[-42]', '"-0042"'],
    ['"%b"', '[5]', '"101"'],
    ['"%o"', '[8]', '"10"'],
    ['"%.1f"', '[0.05]', '"0.1"'],
    ['"%.0f"', '[2.5]', '"2"'],
    ['"%f"', '[1.5]', '"1.500000"'],
  ])('sprintf(%s, %s) = %s', (f, a, want) => {
    expect(rt.bi('sprintf', f, a)).toBe(want);
  });
});

describe('edge semantics from the conformance suite', () => {
  test.each([
    ['strings.replace_n', ['{"": "X"}', '""'], '"X"'],
    ['strings.replace_n', ['{"": "X", "a": "Y"}', '"ab"'], '"XYXbX"'],
    ['strings.replace_n', ['{"": "-", "é": "e"}', '"aéb"'], '"-a-e-b-"'],
    ['strings.replace_n', ['{"a": "Xa", "ab": "X", "ba": "bYa", "aaa": "X"}', '"aaaaab"'], '"XaXaXaXaXab"'],
    ['strings.replace_n', ['{"aab": "Y", "a": "", "b": ""}', '"bbaab"'], '""'],
    ['units.parse', ['"100mi"'], '104857600'],
    ['units.parse', ['"-3.5E2m"'], '-0.35'],
    ['array.flatten', ['[[[1], [2, 3, []]], [[4, 5]]]'], '[[1],[2,3,[]],[4,5]]'],
    ['json.is_valid', ['1'], 'false'],
    ['json.is_valid', ['"{\\"a\\": 1}"'], 'true'],
    ['to_number', ['"nan"'], 'undefined'],
  ])('%s(%j) = %s', (name, args, want) => {
    expect(rt.bi(name, ...args)).toBe(want);
  });
});

describe('semver, json paths, graph, uuid, urlquery, cidr_expand, quote_meta, durations', () => {
  test.each([
    ['semver.is_valid', ['"1.2.3-alpha.01"'], 'false'],
    ['semver.is_valid', ['"1.2.3-0a"'], 'true'],
    ['semver.is_valid', ['"1.2.3+01"'], 'true'],
    ['semver.is_valid', ['"1.2.3+"'], 'false'],
    ['semver.is_valid', ['1'], 'false'],
    ['semver.compare', ['"1.2.3-0"', '"1.2.3-1"'], '-1'],
    ['semver.compare', ['"1.2.3+01"', '"1.2.3+2"'], '0'],
    ['semver.compare', ['"1.0.0-alpha"', '"1.0.0-alpha.1"'], '-1'],
    ['semver.compare', ['"1.0.0-beta.11"', '"1.0.0-beta.2"'], '1'],
    ['semver.compare', ['"1.0.0-rc.1"', '"1.0.0"'], '-1'],
    ['semver.compare', ['"10.0.0"', '"9.0.0"'], '1'],
    ['json.remove', ['{"a": {"b": {"c": 7, "d": 8}}, "e": 9}', '{"a/b/c", "e"}'], '{"a":{"b":{"d":8}}}'],
    ['json.remove', ['{"a": [{"b": 7, "c": 8}, {"d": 9}]}', '{"a/0/b", "a/1"}'], '{"a":[{"c":8}]}'],
    ['json.remove', ['{"a": {"b": {"c": 7, "d": 8, "x": 0}}, "e": 9}', '{"a/b/d", ["a", "b", "c"]}'], '{"a":{"b":{"x":0}},"e":9}'],
    ['json.remove', ['{"a": 1}', '{"a": 1}'], 'undefined'],
    ['json.filter', ['{"a": [{"b": 7, "c": 8}, {"d": 9}]}', '{"a/0/b", "a/1"}'], '{"a":[{"b":7},{"d":9}]}'],
    ['json.filter', ['{"a": {"b": {"c": 7, "d": 8, "x": 0}}, "e": 9}', '{"a/b/d", ["a", "b", "c"]}'], '{"a":{"b":{"c":7,"d":8}}}'],
    ['graph.reachable', ['{"a": ["b"], "b": ["c"], "c": [], "d": ["a"]}', '["a"]'], '{"a","b","c"}'],
    ['graph.reachable_paths', ['{"a": {"b"}, "b": {"c"}, "c": {"a"}}', '{"a"}'], '{["a","b","c"]}'],
    ['graph.reachable_paths', ['{"1": [], "2": ["1"], "3": ["2"], "4": ["3", "2"], "5": ["4"]}', '["5"]'], '{["5","4","2","1"],["5","4","3","2","1"]}'],
    ['graph.reachable_paths', ['{"a": ["b"], "b": ["nonexistent"]}', '{"a", "b"}'], '{["a","b"],["b"]}'],
    ['graph.reachable_paths', ['{"a": null}', '["a"]'], '{["a"]}'],
    ['uuid.parse', ['"{00000000-0000-4000-8000-000000000000}"'], '{"variant":"RFC4122","version":4}'],
    ['uuid.parse', ['"urn:uuid:000003e8-48b9-21ee-b200-325096b39f47"'],
      '{"clocksequence":12800,"domain":"Person","id":1000,"macvariables":"local:unicast","nodeid":"32-50-96-b3-9f-47","time":1693566990121469600,"variant":"RFC4122","version":2}'],
    ['uuid.parse', ['"6bea8ef2d3d33cd184e09bab06a52ece"'], '{"variant":"RFC4122","version":3}'],
    ['uuid.parse', ['"nope"'], 'undefined'],
    ['urlquery.encode', ['"a b+c/é"'], '"a+b%2Bc%2F%C3%A9"'],
    ['urlquery.decode', ['"a+b%2Bc"'], '"a b+c"'],
    ['urlquery.encode_object', ['{"c": "d", "a": ["b+1", "c+2"]}'], '"a=b%2B1&a=c%2B2&c=d"'],
    ['urlquery.decode_object', ['"a=1&b=2&a=3"'], '{"a":["1","3"],"b":["2"]}'],
    ['net.cidr_expand', ['"192.168.1.1/30"'], '{"192.168.1.0","192.168.1.1","192.168.1.2","192.168.1.3"}'],
    ['net.cidr_expand', ['"192.168.1.1/33"'], 'undefined'],
    ['glob.quote_meta', ['"*.github.com"'], '"\\\\*.github.com"'],
    ['time.parse_duration_ns', ['"100ms"'], '100000000'],
    ['time.parse_duration_ns', ['"1h2m3.5s"'], '3723500000000'],
  ])('%s(%j) = %s', (name, args, want) => {
    expect(rt.bi(name, ...args)).toBe(want);
  });
});

describe('regex', () => {
  test.each([
    ['regex.match', ['"^a+b$"', '"aaab"'], 'true'],
    ['regex.match', ['"^a+b$"', '"aaabc"'], 'false'],
    ['regex.match', ['"(?i)hello"', '"Say HeLLo"'], 'true'],
    ['regex.match', ['"^[a-z0-9._%+-]+@[a-z0-9.-]+\\\\.[a-z]{2,}$"', '"joe@example.com"'], 'true'],
    ['regex.match', ['"^\\\\d{3}-\\\\d{4}$"', '"555-1234"'], 'true'],
    ['regex.match', ['"^\\\\d{3}-\\\\d{4}$"', '"555-123"'], 'false'],
    ['regex.match', ['"\\\\bfoo\\\\b"', '"a foo b"'], 'true'],
    ['regex.match', ['"\\\\bfoo\\\\b"', '"afoob"'], 'false'],
    ['regex.match', ['"^(a|ab)(c|bcd)(d*)$"', '"abcd"'], 'true'],
    ['regex.match', ['"[[:alpha:]]+"', '"123"'], 'false'],
    ['regex.match', ['"^[^/]+$"', '"a/b"'], 'false'],
    ['regex.match', ['"(a*)*b"', '"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac"'], 'false'],
    ['regex.match', ['"^$"', '""'], 'true'],
    ['regex.match', ['"a.c"', '"aéc"'], 'true'],
    ['regex.match', ['"("', '"x"'], 'undefined'],
    ['regex.is_valid', ['"a(b"'], 'false'],
    ['regex.is_valid', ['"a{2,3}?"'], 'true'],
    ['regex.is_valid', ['"**"'], 'false'],
    ['regex.find_n', ['"a."', '"paranormal"', '-1'], '["ar","an","al"]'],
    ['regex.find_n', ['"a."', '"paranormal"', '2'], '["ar","an"]'],
    ['regex.find_n', ['"a*"', '"baaab"', '-1'], '["","aaa",""]'],
    ['regex.find_all_string_submatch_n', ['"a(x*)b"', '"-ab-axb-"', '-1'], '[["ab",""],["axb","x"]]'],
    ['regex.find_all_string_submatch_n', ['"[^aouiye]([aouiye])([^aouiye])?"', '"somestri"', '-1'], '[["som","o","m"],["ri","i",""]]'],
    ['regex.find_all_string_submatch_n', ['"a(x*)b"', '"-"', '-1'], '[]'],
    ['regex.replace', ['"-ab-axxb-"', '"a(x*)b"', '"${1}W"'], '"-W-xxW-"'],
    ['regex.replace', ['"foo bar"', '"o+"', '"0"'], '"f0 bar"'],
    // named groups expand by name ($name, ${name}), a name the pattern lacks to nothing, a malformed ${} literally
    ['regex.replace', ['"k=v"', '"(?P<key>\\\\w)=(?<val>\\\\w)"', '"${val}:$key"'], '"v:k"'],
    ['regex.replace', ['"abc"', '"(?:a)(?P<y>b)"', '"<$y$nope>"'], '"<b>c"'],
    ['regex.replace', ['"abc"', '"(b)"', '"${}"'], '"a${}c"'],
    ['regex.match', ['"x*?y"', '"xxy"'], 'true'],
    // Unicode classes as RE2 names them: categories, one-letter groups, scripts, negations, inside brackets
    ['regex.match', ['"^\\\\p{L}+$"', '"héllo"'], 'true'],
    ['regex.match', ['"\\\\pN"', '"abc"'], 'false'],
    ['regex.match', ['"^\\\\PL+$"', '"12"'], 'true'],
    ['regex.match', ['"^[\\\\p{Lu}\\\\p{Nd}]+$"', '"É9"'], 'true'],
    ['regex.match', ['"\\\\p{^Greek}"', '"αβ"'], 'false'],
    ['regex.find_n', ['"\\\\p{Han}+"', '"ab日本c"', '-1'], '["日本"]'],
    ['regex.match', ['"\\\\p{NoSuchClass}"', '"x"'], 'undefined'],
    ['regex.find_n', ['"x+?"', '"xxx"', '-1'], '["x","x","x"]'],
    ['regex.find_n', ['"(?:ab){2}"', '"abababab"', '-1'], '["abab","abab"]'],
  ])('%s(%j) = %s', (name, args, want) => {
    expect(rt.bi(name, ...args)).toBe(want);
  });
});

describe('units are exact decimals', () => {
  test.each([
    ['units.parse', ['"1.1Ki"'], '1126.4'],
    ['units.parse', ['"1e-2"'], '0.01'],
    ['units.parse', ['"7.8E-1"'], '0.78'],
    ['units.parse', ['"10ei"'], '11529215046068469760'],
    ['units.parse_bytes', ['"1.1KiB"'], '1126'],
  ])('%s(%j) = %s', (name, args, want) => {
    expect(rt.bi(name, ...args)).toBe(want);
    expect(rt.x.opa_value_equal(rt.term(rt.bi(name, ...args)), rt.term(want))).toBe(1);
  });
});

describe('json.patch', () => {
  test.each([
    ['{"foo": ["bar", "baz"]}', '[{"op": "add", "path": "/foo/1", "value": "qux"}]', '{"foo":["bar","qux","baz"]}'],
    ['{"foo": ["bar"]}', '[{"op": "add", "path": "/foo/-", "value": "qux"}]', '{"foo":["bar","qux"]}'],
    ['{"q": {"bar": 2}}', '[{"op": "add", "path": "/a/b", "value": 1}]', 'undefined'],
    ['{"foo": {"bar": "baz", "waldo": "fred"}, "qux": {"corge": "grault"}}',
      '[{"op": "move", "from": "/foo/waldo", "path": "/qux/thud"}]', '{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}'],
    ['{"foo": ["all", "grass", "cows", "eat"]}', '[{"op": "move", "from": "/foo/1", "path": "/foo/3"}]', '{"foo":["all","cows","eat","grass"]}'],
    ['{"baz": "qux"}', '[{"op": "test", "path": "/baz", "value": "bar"}]', 'undefined'],
    ['{"a/b": 1, "m~n": 2}', '[{"op": "remove", "path": "/a~1b"}, {"op": "replace", "path": "/m~0n", "value": 3}]', '{"m~n":3}'],
    ['[1, 2, 3]', '[{"op": "add", "path": "1.2", "value": "foo"}]', 'undefined'],
    ['{"a": 1}', '[{"op": "copy", "from": "/a", "path": "/b"}]', '{"a":1,"b":1}'],
    ['{"a": 1}', '[{"op": "add", "path": "", "value": [1]}]', '[1]'],
    ['{"a": [1]}', '[{"op": "remove", "path": ["a", 0]}]', '{"a":[]}'],
  ])('json.patch(%s, %s) = %s', (d, p, want) => {
    expect(rt.bi('json.patch', d, p)).toBe(want);
  });
});
test('json.patch nested array paths', () => {
  expect(rt.bi('json.patch', '{"baz": [{"qux": "hello"}], "foo": 1}', '[{"op": "add", "path": "/baz/0/foo", "value": "world"}]'))
    .toBe('{"baz":[{"foo":"world","qux":"hello"}],"foo":1}');
  expect(rt.bi('json.patch', '[1, 2, [3, [4, 5]]]', '[{"op": "add", "path": "/2/1/-", "value": 6}]')).toBe('[1,2,[3,[4,5,6]]]');
});

describe('time zones and layouts', () => {
  test.each([
    ['time.clock', ['[1517832000000000000, "America/New_York"]'], '[7,0,0]'],
    ['time.clock', ['[1531828800000000000, "America/New_York"]'], '[8,0,0]'],
    ['time.date', ['[1517832000000000000, "Asia/Kolkata"]'], '[2018,2,5]'],
    ['time.clock', ['[1517832000000000000, "Mars/Base"]'], 'undefined'],
    ['time.format', ['1670006453141828752'], '"2022-12-02T18:40:53.141828752Z"'],
    ['time.format', ['[1670006453141828752, "Asia/Kolkata"]'], '"2022-12-03T00:10:53.141828752+05:30"'],
    ['time.format', ['[1670006453141828752, "Asia/Kolkata", "Mon Jan 02 15:04:05 -0700 2006"]'], '"Sat Dec 03 00:10:53 +0530 2022"'],
    ['time.format', ['[1670006453141828752, "Asia/Kolkata", "RFC1123Z"]'], '"Sat, 03 Dec 2022 00:10:53 +0530"'],
    ['time.format', ['[1670006453000000000, "Europe/Paris", "RFC1123"]'], '"Fri, 02 Dec 2022 19:40:53 CET"'],
    ['time.format', ['[0, "UTC", "3:04PM Jan _2, 2006"]'], '"12:00AM Jan  1, 1970"'],
    ['time.parse_ns', ['"2006-01-02"', '"2020-02-02"'], '1580601600000000000'],
    ['time.parse_ns', ['"RFC3339"', '"2022-12-03T00:10:53+05:30"'], '1670006453000000000'],
    ['time.parse_ns', ['"2006-01-02 15:04:05.000"', '"2022-12-02 18:40:53.141"'], '1670006453141000000'],
    ['time.parse_ns', ['"Jan 2 2006 3:04PM"', '"Dec 2 2022 6:40PM"'], '1670006400000000000'],
    ['time.parse_ns', ['"2006-01-02"', '"2020-2-02"'], 'undefined'],
  ])('%s(%j) = %s', (name, args, want) => {
    expect(rt.bi(name, ...args)).toBe(want);
  });
});

test('rand.intn and uuid.rfc4122 are stable within an evaluation', () => {
  const a = rt.bi('rand.intn', '"k"', '100');
  expect(rt.bi('rand.intn', '"k"', '100')).toBe(a);
  expect(Number(a)).toBeGreaterThanOrEqual(0);
  expect(Number(a)).toBeLessThan(100);
  expect(rt.bi('rand.intn', '"k"', '0')).toBe('0');
  const u = rt.bi('uuid.rfc4122', '"k"');
  expect(u).toMatch(/^"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"$/);
  expect(rt.bi('uuid.rfc4122', '"k"')).toBe(u);
  expect(rt.bi('uuid.rfc4122', '"j"')).not.toBe(u);
});

describe('json.match_schema', () => {
  test.each([
    ['{"id": 5}', '{"properties": {"id": {"type": "integer"}}, "required": ["id"]}', '[true,[]]'],
    ['"{\\"id\\": 5}"', '{"properties": {"id": {"type": "integer"}}}', '[true,[]]'],
    ['{"id": "foo"}', '{"properties": {"id": {"type": "integer"}}}',
      '[false,[{"desc":"Invalid type. Expected: integer, given: string","error":"id: Invalid type. Expected: integer, given: string","field":"id","type":"invalid_type"}]]'],
    ['{}', '{"required": ["id"]}', '[false,[{"desc":"id is required","error":"(root): id is required","field":"(root)","type":"required"}]]'],
    ['{"a": [1, "x"]}', '{"properties": {"a": {"items": {"type": "number"}}}}',
      '[false,[{"desc":"Invalid type. Expected: number, given: string","error":"a.1: Invalid type. Expected: number, given: string","field":"a.1","type":"invalid_type"}]]'],
    ['{"x": 1}', '{"additionalProperties": false}',
      '[false,[{"desc":"Additional property x is not allowed","error":"(root): Additional property x is not allowed","field":"(root)","type":"additional_property_not_allowed"}]]'],
    ['"\\"ab\\""', '{"minLength": 3}', '[false,[{"desc":"String length must be greater than or equal to 3","error":"(root): String length must be greater than or equal to 3","field":"(root)","type":"string_gte"}]]'],
    ['{"value": "allow"}', '{"enum": []}', '[false,[{"desc":"(root) must be one of the following: ","error":"(root): (root) must be one of the following: ","field":"(root)","type":"enum"}]]'],
    ['5', '{"$ref": "#/definitions/pos", "definitions": {"pos": {"minimum": 6}}}',
      '[false,[{"desc":"Must be greater than or equal to 6","error":"(root): Must be greater than or equal to 6","field":"(root)","type":"number_gte"}]]'],
  ])('json.match_schema(%s, %s) = %s', (d, s, want) => {
    expect(rt.bi('json.match_schema', d, s)).toBe(want);
  });
  test('invalid schema', () => {
    expect(rt.bi('json.verify_schema', '{"type": "unknown"}')).toBe(
      '[false,"has a primitive type that is NOT VALID -- given: /unknown/ Expected valid values are:[array boolean integer number null object string]"]');
    expect(rt.bi('json.verify_schema', '{"type": "string"}')).toBe('[true,null]');
  });
});

describe('hex, object.subset, cidr validity/intersection, marshal options', () => {
  test.each([
    ['hex.encode', ['"hi"'], '"6869"'],
    ['hex.decode', ['"6869"'], '"hi"'],
    ['hex.decode', ['"686"'], 'undefined'],
    ['object.subset', ['{"a": "b", "c": {"x": {10, 15, 20, 25}, "y": "z"}}', '{"c": {"x": {10, 15, 20}}}'], 'true'],
    ['object.subset', ['{"a": 1}', '{"a": 2}'], 'false'],
    ['object.subset', ['[1, 2, 3, 4]', '[2, 3]'], 'true'],
    ['object.subset', ['[1, 2, 3, 4]', '[2, 4]'], 'false'],
    ['object.subset', ['[1, 2, 3, 4]', '{4, 1}'], 'true'],
    ['net.cidr_is_valid', ['"10.0.0.0/8"'], 'true'],
    ['net.cidr_is_valid', ['"10.0.0.0"'], 'false'],
    ['net.cidr_intersects', ['"10.0.0.0/8"', '"10.1.0.0/16"'], 'true'],
    ['net.cidr_intersects', ['"10.0.0.0/8"', '"11.1.0.0/16"'], 'false'],
    ['json.marshal_with_options', ['{"a": [1, 2]}', '{"pretty": true, "indent": "  "}'], '"{\\n  \\"a\\": [\\n    1,\\n    2\\n  ]\\n}"'],
    ['json.marshal_with_options', ['{"a": 1}', '{}'], '"{\\"a\\":1}"'],
  ])('%s(%j) = %s', (name, args, want) => {
    expect(rt.bi(name, ...args)).toBe(want);
  });
});

test('regex.find_n over many matches reuses its scratch memory', () => {
  const base = rt.x.opa_heap_ptr_get();
  const text = JSON.stringify('ab1 '.repeat(5000));
  const out = rt.bi('regex.find_n', '"[a-z]+[0-9]"', text, '-1');
  expect(JSON.parse(out).length).toBe(5000);
  expect(rt.x.opa_heap_ptr_get() - base).toBeLessThan(8 << 20);
  rt.x.opa_heap_ptr_set(base);
});

describe('regex.split (Go semantics)', () => {
  test.each([
    ['"^[a-z]+\\\\[[0-9]+\\\\]$"', '""', '[""]'],
    ['"^[a-z]+"', '"foobar baz"', '[""," baz"]'],
    ['"[a-z]+$"', '"foobar baz"', '["foobar ",""]'],
    ['"^[a-z]+$"', '"foobar baz"', '["foobar baz"]'],
    ['"^[a-z ]+$"', '"foobar baz"', '["",""]'],
    ['"z+"', '"pizza"', '["pi","a"]'],
    ['"(,)"', '"a,b"', '["a","b"]'],
    ['""', '"abc"', '["a","b","c"]'],
  ])('regex.split(%s, %s) = %s', (p, s, want) => {
    expect(rt.bi('regex.split', p, s)).toBe(want);
  });
});

test('case mapping beyond ASCII agrees with JS for the covered blocks', () => {
  const samples = ['ÀÉÎÕÜ àéîõü ÿ', 'ĀāĂăĄąĆćŁłŃńŽžŸ', 'ΑΒΓ αβγ ς', 'АБВ абв ЁЂ ёђ Ѣѣ', 'Աբգ աբգ', 'Ａｂｃ', 'ẞ ạẠ ỳỲ'];
  for (const t of samples) {
    const s = JSON.stringify(t);
    const skip = (x: string) => x.replace(/ς|ẞ|ß/g, '');
    expect(skip(JSON.parse(rt.bi('upper', s)))).toBe(skip(t.toUpperCase()));
    expect(skip(JSON.parse(rt.bi('lower', s)))).toBe(skip(t.toLowerCase()));
  }
});
