import * as path from 'path';
import { pathToFileURL } from 'url';
import type { CheckReport, LocatedFinding } from '../check/report';

const LEVEL = { deny: 'error', warn: 'warning' } as const;

/**
 * Where a file is, for code scanning: relative to the folder csm ran in (the checkout), or, for a file outside
 * it (a plan written to /tmp), an absolute file URI, since `../` out of %SRCROOT% is no location a UI can open.
 */
function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  // Paths in a report are relative to the process's folder (src/cli/catalogue-arg.ts), URIs to the run's.
  const absolute = path.resolve(file);
  const relative = path.relative(cwd, absolute);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return { uri: pathToFileURL(absolute).href };
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

function result(f: LocatedFinding, ruleIndex: number, cwd: string) {
  return {
    ruleId: f.id,
    ruleIndex,
    level: LEVEL[f.level],
    message: { text: `${f.message} [ISO/IEC 20000-1 ${f.clauses.join(', ')}; ${f.scenario}]` },
    locations: [
      {
        ...(f.location
          ? { physicalLocation: { artifactLocation: artifactLocation(f.location.file, cwd), region: { startLine: f.location.line, startColumn: f.location.column } } }
          : {}),
        logicalLocations: [{ fullyQualifiedName: f.construct_path ?? f.stack, name: f.resource ?? f.stack, kind: f.resource ? 'resource' : 'module' }],
      },
    ],
    ...(f.waiver ? { suppressions: [{ kind: 'external', status: 'accepted', justification: `waiver ${f.waiver}` }] } : {}),
    properties: { severity: f.severity, clauses: f.clauses, scenario: f.scenario, stack: f.stack, gate: f.gate, resource: f.resource, remediation: f.remediation },
  };
}

/** SARIF 2.1.0: code-scanning UIs show each finding at the catalogue line (or construct) that caused it. */
export function formatSarif(report: CheckReport, cwd = process.cwd()): string {
  const findings = report.results.flatMap((r) => r.findings);
  const ruleIds = [...new Set([...report.rules.map((r) => r.id), ...findings.map((f) => f.id)])].sort();
  const rules = ruleIds.map((id) => {
    const info = report.rules.find((r) => r.id === id);
    const sample = findings.find((f) => f.id === id);
    return {
      id,
      name: id.replace(/-/g, ''),
      shortDescription: { text: info?.title ?? sample?.message ?? id },
      fullDescription: { text: info?.description ?? info?.title ?? sample?.message ?? id },
      help: { text: info?.remediation ?? sample?.remediation ?? 'See the policy annotation.' },
      defaultConfiguration: { level: (info?.severity ?? sample?.severity) === 'low' ? 'note' : 'error' },
      properties: { clauses: info?.clauses ?? sample?.clauses ?? [], scenario: info?.scenario ?? sample?.scenario, tags: ['ISO/IEC 20000-1', ...(info?.clauses ?? sample?.clauses ?? []).map((c) => `clause-${c}`)] },
    };
  });
  const errors = report.results.filter((r) => r.status === 'error' || r.status === 'invalid');
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'csm', version: report.tool.version, informationUri: 'https://example.invalid/csm', rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(cwd).href}/` } },
        invocations: [
          {
            executionSuccessful: errors.length === 0,
            startTimeUtc: report.startedAt,
            toolExecutionNotifications: errors.map((r) => ({ level: 'error', message: { text: `${r.stack} [${r.gate}]: ${r.error}` } })),
          },
        ],
        results: findings.map((f) => result(f, ruleIds.indexOf(f.id), cwd)),
        properties: { summary: report.summary, revision: report.revision, evidence: report.evidence ?? null },
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}
