import * as fs from 'fs';
import * as path from 'path';
import { sha256 } from '../policy/sources';
import { escapeMarkdown, mdCodeBlock } from '../render/markdown';
import { runSummaryLine, type RunRecord, type RunStack } from './run-record';

/** The first line of every comment or issue csm writes for a run: CI finds its own comment by it and updates it. */
export const RUN_MARKER = { plan: '<!-- csm:plan-run -->', drift: '<!-- csm:drift-run -->' } as const;

/** GitHub refuses a comment or issue body past 65,536 characters; GitLab's notes allow more. */
export const BODY_LIMIT = 60_000;

// Text from records and plans is literal in the comment (src/render/markdown.ts): a table cell, a fold's title.
const cell = escapeMarkdown;
const short = (hash: string | undefined | null) => (hash ? `\`${hash.slice(0, 12)}\`` : '');

function gateText(s: RunStack): string {
  if (s.passed) return s.gates.some((g) => g.warn.length) ? 'passed (warnings)' : 'passed';
  if (s.error) return 'plan FAILED';
  const denied = [...new Set(s.gates.flatMap((g) => g.deny))];
  return `**DENIED**${denied.length ? ` (${cell(denied.join(', '))})` : ''}`;
}

/** A stack's `.summary.md`, read only when it is the file the run recorded, headings one level down. */
function summaryOf(s: RunStack, recordDir: string): string | undefined {
  if (!s.summary) return undefined;
  const file = path.resolve(recordDir, s.summary.file);
  if (!fs.existsSync(file)) return undefined;
  const bytes = fs.readFileSync(file);
  if (sha256(bytes) !== s.summary.sha256) return `(the summary ${s.summary.file} is not the one the run recorded: not shown)`;
  return bytes.toString('utf8').replace(/^(#+) /gm, '$1## ');
}

/**
 * The run as Markdown for a pull-request comment (kind plan) or a drift issue (kind drift): the summary line,
 * what was read, one table row per stack, then each stack's review summary in a fold. Bounded to BODY_LIMIT:
 * folds that do not fit are named, and the full set is in the run's artefacts.
 */
export function runMarkdown(record: RunRecord, recordDir: string): string {
  const head = [
    RUN_MARKER[record.kind],
    `### csm ${record.kind === 'drift' ? 'drift check' : 'plan'}: ${runSummaryLine(record)}`,
    '',
    `Revision ${short(record.revision?.commit)}${record.base ? `, reviewed against ${cell(record.base.ref)} (${short(record.base.commit)})` : ''}; evaluated at ${record.evaluationTime}; inputs ${short(record.inputsSha256)}; policy bundle ${short(record.policyBundle.hash)}.`,
    '',
  ];
  const rows =
    record.kind === 'drift'
      ? ['| stack | gate | drift | changed outside Terraform |', '|---|---|---|---|', ...record.stacks.map((s) => `| ${cell(s.stack)} | ${gateText(s)} | ${s.drift?.drifted ? `**${s.drift.pending} pending**` : s.error ? 'unknown' : 'none'} | ${cell((s.drift?.outsideTerraform ?? []).map((d) => d.address).join(', '))} |`)]
      : ['| stack | operation | gate | add | change | replace | destroy | plan record |', '|---|---|---|---|---|---|---|---|', ...record.stacks.map((s) => `| ${cell(s.stack)} | ${s.operation}${s.step ? ` (${s.step})` : ''} | ${gateText(s)} | ${s.counts?.add ?? ''} | ${s.counts?.change ?? ''} | ${s.counts?.replace ?? ''} | ${s.counts?.destroy ?? ''} | ${short(s.planRecord?.sha256)} |`)];
  const out = [...head, ...(record.stacks.length ? rows : ['Nothing to plan: the change touches no tenancy.']), ''];
  let size = out.join('\n').length;
  const left: string[] = [];
  const shown = record.kind === 'drift' ? record.stacks.filter((s) => s.drift?.drifted || !s.passed) : record.stacks;
  for (const s of shown) {
    const body = summaryOf(s, recordDir) ?? (s.error ? mdCodeBlock(s.error).text : '(no summary)');
    const fold = `<details><summary>${cell(s.stack)}: ${gateText(s).replace(/\*\*/g, '')}</summary>\n\n${body}\n</details>\n`;
    if (size + fold.length > BODY_LIMIT) {
      left.push(s.stack);
      continue;
    }
    out.push(fold);
    size += fold.length;
  }
  if (left.length) out.push(`Not shown here (too long for one comment): ${left.join(', ')}. Every summary is in the run's artefacts.`);
  return out.join('\n');
}
