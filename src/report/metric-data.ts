import * as fs from 'fs';
import { parseYamlSource } from '../model/yaml-source';
import { schemaIssues } from '../model/schema';
import { InputFileError, fieldPath, type CatalogueIssue } from '../model/errors';
import type { Locator } from '../model/types';
import { parseInstant } from '../model/calendar';

/** One series of a GetMetricData export, its points in time order. */
export interface MetricSeries {
  id: string;
  label: string;
  status: string;
  points: Array<{ t: number; v: number }>;
}

export interface MetricData {
  file: string;
  series: Map<string, MetricSeries>;
  locate: Locator;
}

interface RawResult {
  Id: string;
  Label?: string;
  Timestamps: string[];
  Values: number[];
  StatusCode?: string;
}

/**
 * Reads a CloudWatch GetMetricData export (`{ MetricDataResults: [{ Id, Label, Timestamps, Values,
 * StatusCode }] }`). JSON is read through the YAML parser so every problem points at its line and column.
 * Points come back in ascending time, whichever way the export was scanned.
 */
export function readMetricData(file: string): MetricData {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputFileError([{ file, line: 1, column: 1, field: '', message: `cannot read: ${(err as Error).message}` }]);
  }
  const src = parseYamlSource(file, text);
  if (src.problems.length) throw new InputFileError(src.problems);
  const schema = schemaIssues('metrics', src);
  if (schema.length) throw new InputFileError(schema);

  const issues: CatalogueIssue[] = [];
  const issue = (p: Array<string | number>, message: string) => issues.push({ ...src.locate(p), field: fieldPath(p), message });
  const series = new Map<string, MetricSeries>();
  (src.value as { MetricDataResults: RawResult[] }).MetricDataResults.forEach((r, i) => {
    const at = ['MetricDataResults', i];
    if (series.has(r.Id)) return issue([...at, 'Id'], `duplicate series "${r.Id}"`);
    if (r.Timestamps.length !== r.Values.length) {
      return issue([...at, 'Values'], `has ${r.Values.length} values for ${r.Timestamps.length} timestamps`);
    }
    // Strictly: JavaScript's parser would take 2026-02-30T10:00Z as the 2nd of March.
    const points = r.Timestamps.map((ts, j) => ({ t: parseInstant(ts)?.getTime() ?? NaN, v: r.Values[j], j }));
    const bad = points.find((p) => Number.isNaN(p.t));
    if (bad) return issue([...at, 'Timestamps', bad.j], `"${r.Timestamps[bad.j]}" is not a time that exists`);
    points.sort((a, b) => a.t - b.t);
    const repeated = points.find((p, j) => j > 0 && p.t === points[j - 1].t);
    if (repeated) return issue([...at, 'Timestamps', repeated.j], `time ${r.Timestamps[repeated.j]} appears twice`);
    series.set(r.Id, { id: r.Id, label: r.Label ?? r.Id, status: r.StatusCode ?? 'Complete', points: points.map(({ t, v }) => ({ t, v })) });
  });
  if (issues.length) throw new InputFileError(issues);
  return { file, series, locate: src.locate };
}
