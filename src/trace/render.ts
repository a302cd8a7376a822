import { html, type Html } from '../render/html';
import { page } from '../render/layout';
import type { Artefact, ArtefactKind } from './artefact';
import type { ClauseRow, TraceMatrix } from './matrix';

const KIND_TEXT: Record<ArtefactKind, [string, string]> = {
  catalogue: ['catalogue entry', 'catalogue entries'],
  construct: ['construct', 'constructs'],
  resource: ['resource', 'resources'],
  policy: ['policy rule', 'policy rules'],
  publication: ['publication', 'publications'],
  report: ['service report', 'service reports'],
  evidence: ['evidence record', 'evidence records'],
};
const KINDS = Object.keys(KIND_TEXT) as ArtefactKind[];

/** The matrix as JSON, for scripts: every clause with its scenarios and artefact ids, then every artefact. */
export function traceJson(m: TraceMatrix): string {
  return (
    JSON.stringify(
      {
        format: 'csm-trace/1',
        summary: { clauses: m.rows.length, covered: m.rows.length - m.uncovered.length, uncovered: m.uncovered },
        matrix: m.rows.map((r) => ({
          clause: r.clause,
          title: r.title,
          covered: r.covered,
          counts: r.counts,
          scenarios: r.scenarios.map((s) => ({ scenario: s.scenario, artefacts: s.artefacts.map((a) => `${a.kind}:${a.id}`) })),
          otherScenarios: r.elsewhere.map((a) => `${a.kind}:${a.id}`),
        })),
        uncoveredScenarioClauses: m.uncoveredPairs,
        artefacts: m.artefacts,
      },
      null,
      2,
    ) + '\n'
  );
}

function artefactList(list: readonly Artefact[]): Html {
  if (!list.length) return html`<span class="breach">nothing yet</span>`;
  const resources = list.filter((a) => a.kind === 'resource');
  const others = list.filter((a) => a.kind !== 'resource');
  return html`<ul>${others.map((a) => html`<li><span class="muted">${a.kind}</span> ${a.title} <code>${a.where}</code></li>`)}</ul>
${resources.length ? html`<details><summary>${resources.length} Terraform resources</summary><ul>${resources.map((a) => html`<li><code>${a.id}</code></li>`)}</ul></details>` : ''}`;
}

function counts(r: ClauseRow): string {
  return KINDS.filter((k) => r.counts[k]).map((k) => `${r.counts[k]} ${KIND_TEXT[k][r.counts[k] === 1 ? 0 : 1]}`).join(', ');
}

function clauseSection(r: ClauseRow): Html {
  return html`<section id="clause-${r.clause}" data-clause="${r.clause}" data-covered="${String(r.covered)}">
<h3>${r.clause} ${r.title} ${r.covered ? '' : html`<span class="badge breach">uncovered</span>`}</h3>
${r.scenarios.map((s) => html`<h4>${s.scenario}: ${s.title}</h4>${artefactList(s.artefacts)}`)}
${r.elsewhere.length ? html`<h4>Serving the clause in other scenarios</h4>${artefactList(r.elsewhere)}` : ''}
</section>`;
}

/** The auditor's entry point: clause, then scenario, then the artefacts that serve it; gaps named first. */
export function traceHtml(m: TraceMatrix): string {
  const covered = m.rows.length - m.uncovered.length;
  return page({
    title: 'csm traceability matrix',
    scenarios: ['S01-S15'],
    clauses: ['4.3'],
    body: html`<h1>Traceability matrix</h1>
<p>Every clause of ISO/IEC 20000-1 that the mission's scenarios (ISO/IEC TR 20000-9) name, the scenarios that name it, and the artefacts that serve it: catalogue entries, constructs and the Terraform resources they synthesize (by their clause tags), policy rules (by their METADATA), publications, service reports and evidence records. An artefact serves a clause when it names it or one of its sub-clauses.</p>
<p id="coverage"><strong>${covered} of ${m.rows.length}</strong> clauses are served by at least one artefact; ${m.artefacts.length} artefacts in all.</p>
<section id="uncovered"><h2>Clauses nothing serves yet</h2>
${m.uncovered.length ? html`<ul>${m.uncovered.map((c) => html`<li class="breach" data-uncovered="${c}">${c} ${m.rows.find((r) => r.clause === c)!.title}</li>`)}</ul>` : html`<p class="ok">None: every clause of the mission is served.</p>`}
<details><summary>${m.uncoveredPairs.length} scenario and clause pairs with no artefact naming that scenario</summary><p>${m.uncoveredPairs.join(', ')}</p></details>
</section>
<h2>Matrix</h2>
<div class="scroll"><table><thead><tr><th>clause</th><th>title</th><th>scenarios</th><th>artefacts</th></tr></thead><tbody>
${m.rows.map((r) => html`<tr data-clause="${r.clause}" class="${r.covered ? '' : 'breach'}"><td><a href="#clause-${r.clause}">${r.clause}</a></td><td>${r.title}</td><td>${r.scenarios.map((s, i) => html`${i ? ' ' : ''}<span class="${s.artefacts.length ? 'ok' : 'muted'}">${s.scenario}${s.artefacts.length ? '' : '?'}</span>`)}</td><td>${r.covered ? counts(r) : 'uncovered'}</td></tr>`)}
</tbody></table></div>
<p class="muted">A scenario marked ? has no artefact that names it for this clause (the clause may still be served in another scenario).</p>
<h2>By clause</h2>
${m.rows.map(clauseSection)}`,
  });
}
