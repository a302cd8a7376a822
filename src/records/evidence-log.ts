import { JsonRecord, jsonFilesUnder } from './json-record';

/** One finding of a gate run, as much of it as the SMS report reads. */
export interface RecordedFinding {
  id: string;
  level: 'deny' | 'warn';
  clauses: string[];
  /** The waiver that accepted it, if one did. */
  waiver: string | null;
}

/** One `csm check` run: its evidence record (`csm-evidence/1`). */
export interface GateRun {
  file: string;
  at: number;
  commit: string | null;
  decisions: Array<{ stack: string; operation: string; status: string; findings: RecordedFinding[] }>;
  waivers: Array<{ id: string; rule: string; expires: string; approver: string; reason: string }>;
  waiversApplied: string[];
  waiversExpired: Array<{ waiver: string; expired: string }>;
}

/** One `csm apply` attempt: its evidence record (`csm-apply-evidence/1` or `/2`). */
export interface ApplyRun {
  file: string;
  at: number;
  outcome: string;
  operation: string | null;
  stack: string | null;
  target: string | null;
}

export interface EvidenceLog {
  gateRuns: GateRun[];
  applies: ApplyRun[];
}

const CHECK = 'csm-evidence/1';
/** A `csm plan` or `csm drift` run (or a shard of one) gates every stack it plans: a gate run too. */
const PLAN_RUN = 'csm-plan-run/1';
const APPLY = ['csm-apply-evidence/1', 'csm-apply-evidence/2'] as const;
const STATUSES = ['passed', 'warned', 'failed', 'error', 'invalid'] as const;
const OUTCOMES = ['started', 'applied', 'refused', 'failed', 'interrupted', 'crashed'] as const;

function gateRun(r: JsonRecord): GateRun {
  const decisions = Array.from({ length: r.list(['decisions']) }, (_, i) => {
    const d = ['decisions', i];
    return {
      stack: r.string([...d, 'stack']),
      operation: r.string([...d, 'operation']),
      status: r.oneOf([...d, 'status'], STATUSES),
      findings: Array.from({ length: r.list([...d, 'findings']) }, (_, j): RecordedFinding => {
        const f = [...d, 'findings', j];
        return { id: r.string([...f, 'id']), level: r.oneOf([...f, 'level'], ['deny', 'warn'] as const), clauses: r.strings([...f, 'clauses']), waiver: r.optionalString([...f, 'waiver']) };
      }),
    };
  });
  const revision = r.get(['revision']);
  return {
    file: r.file,
    at: r.instant(['createdAt']),
    commit: revision === null || revision === undefined ? null : r.string(['revision', 'commit']),
    decisions,
    waivers: Array.from({ length: r.list(['waivers'], true) }, (_, i) => {
      const w = ['waivers', i];
      return { id: r.string([...w, 'id']), rule: r.string([...w, 'rule']), expires: r.string([...w, 'expires']), approver: r.string([...w, 'approver']), reason: r.string([...w, 'reason']) };
    }),
    waiversApplied: Array.from({ length: r.list(['waiversApplied'], true) }, (_, i) => r.string(['waiversApplied', i, 'waiver'])),
    waiversExpired: Array.from({ length: r.list(['waiversExpired'], true) }, (_, i) => ({ waiver: r.string(['waiversExpired', i, 'waiver']), expired: r.string(['waiversExpired', i, 'expired']) })),
  };
}

function applyRun(r: JsonRecord): ApplyRun {
  return { file: r.file, at: r.instant(['createdAt']), outcome: r.oneOf(['outcome'], OUTCOMES), operation: r.optionalString(['operation']), stack: r.optionalString(['stack']), target: r.optionalString(['target']) };
}

/**
 * Every record of the evidence folder: gate runs (`csm check`) and apply attempts (`csm apply`), oldest first.
 * The folder is csm's own log: a file in it that is not one of csm's records, or one whose fields are not what
 * csm writes, is bad input located at the field, so nothing is left out of the SMS report unnoticed.
 */
export function readEvidenceLog(dir: string): EvidenceLog {
  const log: EvidenceLog = { gateRuns: [], applies: [] };
  for (const file of jsonFilesUnder(dir)) {
    const r = JsonRecord.read(file, 'an evidence record');
    const schema = r.get(['schema']);
    if (schema === CHECK) log.gateRuns.push(gateRun(r));
    // A merged plan run repeats its shards' decisions, which are counted from the shards' own records.
    else if (schema === PLAN_RUN) {
      if (r.get(['merged']) === undefined) log.gateRuns.push(gateRun(r));
    }
    else if ((APPLY as readonly unknown[]).includes(schema)) log.applies.push(applyRun(r));
    else throw r.bad(['schema'], `${CHECK}, ${PLAN_RUN} or ${APPLY.join(' or ')}`);
  }
  log.gateRuns.sort((a, b) => a.at - b.at || a.file.localeCompare(b.file));
  log.applies.sort((a, b) => a.at - b.at || a.file.localeCompare(b.file));
  return log;
}
