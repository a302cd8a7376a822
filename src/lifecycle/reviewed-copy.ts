import * as fs from 'fs';
import * as path from 'path';
import { sha256 } from '../policy/sources';
import { writeFileAtomic } from '../files/write-atomic';
import { PLAN_RECORD_SCHEMA, type PlanRecord } from './record';
import { InputError } from '../model/errors';

/** The file given to `csm apply` is not a plan record csm can read: bad input (exit 2), with evidence of the attempt. */
export class PlanRecordError extends InputError {}

/** The reviewed files, copied once into a private folder: csm hashes, checks and hands Terraform these bytes. */
export interface ReviewedCopy {
  dir: string;
  record: PlanRecord;
  recordSha256: string;
  /** sha256 of each file named by the record, as copied; absent when the file is missing. */
  hashes: Record<string, string>;
  missing: string[];
}

const plainName = (name: unknown) => typeof name === 'string' && name !== '' && name !== '.' && name !== '..' && path.basename(name) === name && !name.includes('\\');

/**
 * Reads the record once, checks it names only files of its own folder, and copies it and every file it names
 * into `into` (a private folder), hashing the bytes copied.
 */
export function copyReviewed(recordFile: string, into: string): ReviewedCopy {
  if (!fs.existsSync(recordFile) || !fs.statSync(recordFile).isFile()) throw new PlanRecordError(`${recordFile}: no plan record (csm apply applies plans made by \`csm plan <operation>\`)`);
  const bytes = fs.readFileSync(recordFile);
  let record: PlanRecord;
  try {
    record = JSON.parse(bytes.toString('utf8')) as PlanRecord;
  } catch (err) {
    throw new PlanRecordError(`${recordFile}: not a JSON plan record (${(err as Error).message})`);
  }
  if (record?.schema !== PLAN_RECORD_SCHEMA) {
    throw new PlanRecordError(`${recordFile}: schema ${JSON.stringify(record?.schema)} is not ${PLAN_RECORD_SCHEMA}${record?.schema === 'csm-plan-record/1' ? ' (made by an earlier csm, which did not record every review document): plan again' : ''}`);
  }
  const names = [record.plan?.file, record.plan?.json, record.decisions?.file, ...Object.keys(record.artefacts ?? {})];
  const bad = names.filter((n) => !plainName(n));
  if (bad.length) throw new PlanRecordError(`${recordFile}: names files outside its own folder (${bad.map((n) => JSON.stringify(n)).join(', ')}): not a plan record csm wrote`);
  writeFileAtomic(path.join(into, 'record.json'), bytes, { fileMode: 0o600 });
  const hashes: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of new Set(names as string[])) {
    const from = path.join(path.dirname(recordFile), name);
    if (!fs.existsSync(from) || !fs.statSync(from).isFile()) {
      missing.push(from);
      continue;
    }
    const content = fs.readFileSync(from);
    writeFileAtomic(path.join(into, name), content, { fileMode: 0o600 });
    hashes[name] = sha256(content);
  }
  return { dir: into, record, recordSha256: sha256(bytes), hashes, missing };
}
