import { validateSarif } from './support/sarif-schema';

const minimal = () => ({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [] as unknown[] }] });

describe('SARIF 2.1.0 schema validator', () => {
  test('a minimal valid log validates', () => {
    expect(validateSarif(minimal())).toEqual([]);
  });

  test('a log with a result validates', () => {
    const log = minimal();
    log.runs[0].results.push({
      ruleId: 'R1',
      level: 'error',
      message: { text: 'something is wrong' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'src/a.ts' }, region: { startLine: 3 } } }],
    });
    expect(validateSarif(log)).toEqual([]);
  });

  test('version 2.0.0 is rejected', () => {
    const errors = validateSarif({ ...minimal(), version: '2.0.0' });
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(/\/version/);
  });

  test('a result without a message is rejected', () => {
    const log = minimal();
    log.runs[0].results.push({ ruleId: 'R1', level: 'error' });
    const errors = validateSarif(log);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(/\/runs\/0\/results\/0.*message/);
  });

  test('format keywords are enforced (informationUri must be a URI)', () => {
    const log = minimal();
    (log.runs[0].tool.driver as Record<string, unknown>).informationUri = 'not a uri';
    expect(validateSarif(log).join('\n')).toMatch(/informationUri.*format "uri"/);
  });
});
