import * as path from 'path';
import type { CheckReport, LocatedFinding } from '../check/report';

const LEVEL = { deny: 'error', warn: 'warning' } as const;

function relativeUri(file: string): string {
  return (path.isAbsolute(file) ? path.relative(process.cwd(), file) : file).split(path.sep).join('/');
}

function result(f: LocatedFinding, ruleIndex: number) {
  return {
    ruleId: f.id,
    ruleIndex,
    level: LEVEL[f.level],
    message: { text: `${f.message} [ISO/IEC 20000-1 ${f.clauses.join(', ')}; ${f.scenario}]` },
    locations: [
      {
        ...(f.location
          ? { physicalLocation: { artifactLocation: { uri: relativeUri(f.location.file), uriBaseId: '%SRCROOT%' }, region: { startLine: f.location.line, startColumn: f.location.column } } }
          : {}),
        logicalLocations: [{ fullyQualifiedName: f.construct_path ?? f.stack, name: f.resource ?? f.stack, kind: f.resource ? 'resource' : 'module' }],
      },
    ],
    ...(f.waiver ? { suppressions: [{ kind: 'external', status: 'accepted', justification: `waiver ${f.waiver}` }] } : {}),
    properties: { severity: f.severity, clauses: f.clauses, scenario: f.scenario, stack: f.stack, gate: f.gate, resource: f.resource, remediation: f.remediation },
  };
}

/** SARIF 2.1.0: code-scanning UIs show each finding at the catalogue line (or construct) that caused it. */
export function formatSarif(report: CheckReport): string {
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
        originalUriBaseIds: { '%SRCROOT%': { uri: `file://${process.cwd().split(path.sep).join('/')}/` } },
        invocations: [
          {
            executionSuccessful: errors.length === 0,
            startTimeUtc: report.startedAt,
            toolExecutionNotifications: errors.map((r) => ({ level: 'error', message: { text: `${r.stack} [${r.gate}]: ${r.error}` } })),
          },
        ],
        results: findings.map((f) => result(f, ruleIds.indexOf(f.id))),
        properties: { summary: report.summary, revision: report.revision, evidence: report.evidence ?? null },
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}
