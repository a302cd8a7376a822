import type { CheckReport } from '../check/report';

/** The whole report as JSON, for tools that read csm's own shape. */
export function formatJson(report: CheckReport): string {
  return JSON.stringify(report, null, 2);
}
