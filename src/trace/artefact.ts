/** Something that serves clauses of ISO/IEC 20000-1: a catalogue entry, a resource, a policy, a report, a record. */
export type ArtefactKind = 'catalogue' | 'construct' | 'resource' | 'policy' | 'publication' | 'report' | 'evidence';

export interface Artefact {
  kind: ArtefactKind;
  /** Stable id: a file path with a fragment, a construct path, a Terraform address within its stack, a policy id. */
  id: string;
  title: string;
  /** Where to look: `file:line`, a construct path, or a folder. */
  where: string;
  clauses: string[];
  /** Scenario ids (S01-S15) it serves; may be empty when its source does not say. */
  scenarios: string[];
}

/** An artefact naming `declared` serves mission clause `clause` when it names it or one of its sub-clauses. */
export function serves(declared: string, clause: string): boolean {
  return declared === clause || declared.startsWith(`${clause}.`);
}

export const SCENARIO_ID = /^S(0[1-9]|1[0-5])$/;
