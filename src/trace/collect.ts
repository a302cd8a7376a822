import type { Catalogue } from '../model/types';
import type { Artefact } from './artefact';
import { catalogueArtefacts } from './from-catalogue';
import { synthArtefacts } from './from-synth';
import { policyArtefacts } from './from-policies';
import { recordArtefacts } from './from-records';
import { publicationArtefacts } from './from-publications';

export interface TraceSources {
  policies: string;
  reports: string;
  evidence: string;
}

/** Every artefact csm can find that names the clauses it serves. Folders that do not exist add nothing. */
export function collectArtefacts(cat: Catalogue, sources: TraceSources): Artefact[] {
  return [
    ...catalogueArtefacts(cat),
    ...synthArtefacts(cat),
    ...policyArtefacts(sources.policies),
    ...publicationArtefacts(cat),
    ...recordArtefacts(sources.reports, 'report'),
    ...recordArtefacts(sources.evidence, 'evidence'),
  ];
}
