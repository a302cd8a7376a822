import * as fs from 'fs';
import * as path from 'path';
import { gitRevision } from '../check/evidence';
import { fileStamp } from '../terraform/plan';
import { sha256 } from '../policy/sources';
import { writeFileAtomic, writeNewUnique } from '../files/write-atomic';
import { json } from './record';
import { InputError } from '../model/errors';

/**
 * The evidence record of one `csm apply`, written before anything is checked or run and completed after:
 * every attempt leaves one, whatever its outcome (applied, refused, failed, interrupted, crashed). A record
 * still `started` is an apply that never finished (the process was killed). When the record cannot be written,
 * nothing is applied: an apply without evidence does not happen.
 */
export type ApplyStatus = 'started' | 'applied' | 'refused' | 'failed' | 'interrupted' | 'crashed';

export class EvidenceUnwritableError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'EvidenceUnwritableError';
  }
}

export interface ApplyEvidence {
  schema: 'csm-apply-evidence/2';
  /** The real clock, always: apply takes no `--now`. */
  createdAt: string;
  completedAt: string | null;
  revision: { commit: string; dirty: boolean } | null;
  command: string;
  outcome: ApplyStatus;
  reasons: string[];
  /** The record as given, and sha256 of the bytes csm read (its private copy). */
  planRecord: { file: string; sha256: string | null };
  [field: string]: unknown;
}

export class ApplyJournal {
  private constructor(
    readonly file: string,
    private evidence: ApplyEvidence,
  ) {}

  /** Writes the `started` record; throws EvidenceUnwritableError (nothing is applied) if it cannot. */
  static start(dir: string, recordFile: string, command: string): ApplyJournal {
    const createdAt = new Date();
    const evidence: ApplyEvidence = {
      schema: 'csm-apply-evidence/2',
      createdAt: createdAt.toISOString(),
      completedAt: null,
      revision: gitRevision(),
      command,
      outcome: 'started',
      reasons: [],
      planRecord: { file: recordFile, sha256: null },
    };
    const text = json(evidence);
    try {
      if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new Error(`${dir} is not a folder`);
      const name = `${fileStamp(createdAt)}-apply-${path.basename(recordFile).replace(/[^\w.-]/g, '_').replace(/\.(record\.json|tfplan)$/, '')}-${sha256(text).slice(0, 8)}`;
      return new ApplyJournal(writeNewUnique(path.join(dir, name), '.json', text), evidence);
    } catch (err) {
      throw new EvidenceUnwritableError(`cannot write the apply's evidence record in ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): nothing was applied`);
    }
  }

  /** Adds what is known so far (replacing the record csm wrote in this run). */
  note(fields: Partial<ApplyEvidence>): void {
    this.evidence = { ...this.evidence, ...fields };
    writeFileAtomic(this.file, json(this.evidence), { mode: 'replace' });
  }

  complete(outcome: Exclude<ApplyStatus, 'started'>, reasons: string[], fields: Partial<ApplyEvidence> = {}): void {
    this.note({ ...fields, outcome, reasons, completedAt: new Date().toISOString() });
  }

  get outcome(): ApplyStatus {
    return this.evidence.outcome;
  }
}
