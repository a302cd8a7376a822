import * as path from 'path';
import { loadCatalogue } from '../src/model/load';
import { catalogueWith, lineOf, EXAMPLE_CATALOGUE, issuesOf } from './support/catalogue-fixture';


describe('improvement register (S12)', () => {
  test('the bundled register loads with every source of improvement represented', () => {
    const cat = loadCatalogue(EXAMPLE_CATALOGUE);
    expect(cat.improvements.length).toBeGreaterThanOrEqual(4);
    expect(new Set(cat.improvements.map((i) => i.source))).toEqual(new Set(['feedback', 'measurement', 'audit', 'review']));
    expect(cat.files.get('improvements')).toBe(path.join(EXAMPLE_CATALOGUE, 'improvements.yaml'));
  });

  test('a catalogue without a register loads with an empty one', () => {
    expect(loadCatalogue(catalogueWith({ 'improvements.yaml': null })).improvements).toEqual([]);
  });

  test('schema errors name file, line, column and field', () => {
    const dir = catalogueWith({ 'improvements.yaml': (t) => t.replace('source: audit', 'source: rumour') });
    const file = path.join(dir, 'improvements.yaml');
    expect(issuesOf(dir)).toContainEqual(`${file}:${lineOf(file, 'source: rumour')}:13: improvements[2].source: must be one of: feedback, measurement, audit, review`);
  });

  test('work under way must name the change that carries it out', () => {
    const dir = catalogueWith({ 'improvements.yaml': (t) => t.replace('    change: nimbus/csm#37\n', '') });
    const file = path.join(dir, 'improvements.yaml');
    const issues = issuesOf(dir);
    expect(issues).toContainEqual(expect.stringMatching(new RegExp(`^${file}:\\d+:\\d+: improvements\\[1\\]\\.change: is required but missing$`)));
  });

  test('references to objectives, customers and services must resolve', () => {
    const dir = catalogueWith({
      'improvements.yaml': (t) => t.replace('objective: onboarding-lead-time', 'objective: world-peace').replace('customer: bluefin', 'customer: nobody').replace('service: tenant-network', 'service: teleport'),
    });
    const file = path.join(dir, 'improvements.yaml');
    const issues = issuesOf(dir);
    expect(issues).toContainEqual(`${file}:${lineOf(file, 'world-peace')}:16: improvements[1].objective: unknown objective "world-peace" (provider.yaml has: availability, onboarding-lead-time)`);
    expect(issues).toContainEqual(`${file}:${lineOf(file, 'customer: nobody')}:15: improvements[1].customer: unknown customer "nobody"`);
    expect(issues).toContainEqual(`${file}:${lineOf(file, 'service: teleport')}:14: improvements[2].service: unknown service "teleport"`);
  });

  test('duplicate ids are reported at the second one', () => {
    const dir = catalogueWith({ 'improvements.yaml': (t) => t.replace('id: c5-log-retention', 'id: onboarding-checklist') });
    const file = path.join(dir, 'improvements.yaml');
    expect(issuesOf(dir).join('\n')).toMatch(new RegExp(`${file}:\\d+:9: improvements\\[2\\]\\.id: duplicate improvement id "onboarding-checklist"`));
  });
});
