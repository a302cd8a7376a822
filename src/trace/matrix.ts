import { CLAUSE_TITLES, SCENARIOS, SUBCLAUSE_TITLES } from '../scenarios';
import { sortClauses } from '../../constructs/clause-context';
import type { Artefact, ArtefactKind } from './artefact';
import { serves } from './artefact';

export interface ScenarioCell {
  scenario: string;
  title: string;
  /** Artefacts that serve the clause and say they serve this scenario. */
  artefacts: Artefact[];
}

export interface ClauseRow {
  clause: string;
  title: string;
  /** Every scenario of the mission that names the clause. */
  scenarios: ScenarioCell[];
  /** Artefacts that serve the clause for a scenario that does not list it, or without naming a scenario. */
  elsewhere: Artefact[];
  covered: boolean;
  counts: Partial<Record<ArtefactKind, number>>;
}

export interface TraceMatrix {
  rows: ClauseRow[];
  uncovered: string[];
  /** Scenario-clause pairs of the mission nothing serves yet, e.g. `S13 9.3`. */
  uncoveredPairs: string[];
  artefacts: Artefact[];
}

/** Every clause the mission's scenario table names, in the standard's order. */
export function missionClauses(): string[] {
  return sortClauses(Object.values(SCENARIOS).flatMap((s) => s.clauses));
}

/** The title of a clause, or of its nearest parent the table names (4.5.5.2 is part of 4.5). */
export function clauseTitle(clause: string): string {
  if (SUBCLAUSE_TITLES[clause]) return SUBCLAUSE_TITLES[clause];
  for (let c = clause; c; c = c.includes('.') ? c.slice(0, c.lastIndexOf('.')) : '') {
    if (CLAUSE_TITLES[c]) return c === clause ? CLAUSE_TITLES[c] : `${CLAUSE_TITLES[c]} (part of ${c})`;
  }
  return clause === '4' ? 'General requirements for the service management system' : '';
}

/**
 * The traceability matrix: for every clause of the mission, every scenario that names it and the artefacts
 * serving it there. An artefact serves a clause when it names it or a sub-clause of it (an improvement under
 * 4.5.5.2 serves 4.5.5). A clause nothing serves is listed as uncovered, never left out.
 */
export function traceMatrix(artefacts: Artefact[]): TraceMatrix {
  const rows = missionClauses().map((clause): ClauseRow => {
    const serving = artefacts.filter((a) => a.clauses.some((c) => serves(c, clause)));
    const named = Object.values(SCENARIOS).filter((s) => s.clauses.includes(clause));
    const scenarios = named.map((s) => ({ scenario: s.id, title: s.title, artefacts: serving.filter((a) => a.scenarios.includes(s.id)) }));
    const elsewhere = serving.filter((a) => !a.scenarios.some((id) => named.some((s) => s.id === id)));
    const counts: Partial<Record<ArtefactKind, number>> = {};
    for (const a of serving) counts[a.kind] = (counts[a.kind] ?? 0) + 1;
    return { clause, title: clauseTitle(clause), scenarios, elsewhere, covered: serving.length > 0, counts };
  });
  return {
    rows,
    uncovered: rows.filter((r) => !r.covered).map((r) => r.clause),
    uncoveredPairs: rows.flatMap((r) => r.scenarios.filter((s) => !s.artefacts.length).map((s) => `${s.scenario} ${r.clause}`)),
    artefacts,
  };
}
