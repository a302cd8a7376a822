import { Token } from 'cdktf';
import { loadCatalogue } from '../src/model/load';
import { assertThroughBoundary, cdktfTokenSyntax, forTerraform, LiteralBoundaryError, terraformLiteral } from '../src/synth/terraform-literal';
import { isCalendarDate, parseInstant } from '../src/model/calendar';
import { catalogueWith } from './support/catalogue-fixture';

describe('the literal boundary (src/synth/terraform-literal.ts)', () => {
  test('escapes interpolation and directives, and an escape already written, so Terraform reads back the text', () => {
    expect(terraformLiteral('a${b}%{c}$${d}%%{e}$ %')).toBe('a$${b}%%{c}$$${d}%%%{e}$ %');
    expect(terraformLiteral('no syntax here')).toBe('no syntax here');
  });

  test("names cdktf's token syntax: string, list and map markers, and the text of a number token", () => {
    expect(cdktfTokenSyntax('x ${TfToken[TOKEN.12]}')).toMatch(/cdktf token syntax/);
    expect(cdktfTokenSyntax('#{TfToken[TOKEN.3]}')).toMatch(/cdktf token syntax/);
    expect(cdktfTokenSyntax('&{TfToken[TOKEN.3]}')).toMatch(/cdktf token syntax/);
    expect(cdktfTokenSyntax(`size ${String(Token.asNumber({ resolve: () => 2 }))}`)).toMatch(/number token/);
    expect(cdktfTokenSyntax('2e5 units, version 1.2e3, ${var.x}')).toBeUndefined();
    expect(() => terraformLiteral('${TfToken[TOKEN.1]}')).toThrow(LiteralBoundaryError);
  });

  test('forTerraform is a deep, frozen copy with every string escaped, keys included; the model is untouched', () => {
    const cat = loadCatalogue(catalogueWith({ 'customers/acme.yaml': (t) => t.replace('name: ACME Logistics AG', 'name: "ACME ${x}"') }));
    const synth = forTerraform(cat);
    const acme = synth.customers.get('acme')!;
    expect(acme.name).toBe('ACME $${x}');
    expect(cat.customers.get('acme')!.name).toBe('ACME ${x}');
    expect(Object.isFrozen(acme) && Object.isFrozen(acme.subscriptions) && Object.isFrozen(acme.agreement.slaTiers)).toBe(true);
    expect(Object.keys(acme.agreement.slaTiers)).toEqual(Object.keys(cat.customers.get('acme')!.agreement.slaTiers));
    expect(() => assertThroughBoundary('test', acme, synth.provider, synth.services.get('managed-postgres'))).not.toThrow();
    expect(() => assertThroughBoundary('test', cat.customers.get('acme')!)).toThrow(/did not come through forTerraform/);
  });

  test('refuses what no loaded catalogue holds: a number that is not finite', () => {
    const cat = loadCatalogue(catalogueWith());
    (cat.customers.get('acme')!.agreement as { budgetCap: number }).budgetCap = Infinity;
    expect(() => forTerraform(cat)).toThrow(/agreement\.budgetCap: Infinity is not a finite number/);
  });
});

describe('calendar (src/model/calendar.ts)', () => {
  test('a calendar date names a day that exists', () => {
    expect(['2024-02-29', '2026-12-31', '2026-01-01'].map(isCalendarDate)).toEqual([true, true, true]);
    expect(['2026-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '0000-01-01', '2026-1-01', ' 2026-01-01'].map(isCalendarDate)).toEqual([false, false, false, false, false, false, false]);
  });

  test('an instant is RFC 3339 with its zone (or a bare date, midnight UTC) whose date and time exist', () => {
    expect(parseInstant('2026-11-25T12:00:00Z')?.toISOString()).toBe('2026-11-25T12:00:00.000Z');
    expect(parseInstant('2026-11-25T13:30+01:00')?.toISOString()).toBe('2026-11-25T12:30:00.000Z');
    expect(parseInstant('2026-11-25T13:30:00.250+0100')?.toISOString()).toBe('2026-11-25T12:30:00.250Z');
    expect(parseInstant('2026-11-25')?.toISOString()).toBe('2026-11-25T00:00:00.000Z');
    for (const bad of ['2026-02-30T10:00:00Z', '2026-11-25T24:00:00Z', '2026-11-25T12:60:00Z', '2026-11-25T12:00:00', '2026-11-25T12:00:00+25:00', 'tomorrow', '1764072000']) {
      expect({ bad, parsed: parseInstant(bad) }).toEqual({ bad, parsed: undefined });
    }
  });
});
