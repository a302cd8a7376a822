import * as fs from 'fs';
import * as path from 'path';
import { InputError } from '../model/errors';
import { RUN_RECORD_SCHEMA, type RunRecord } from './run-record';

/**
 * The plan records a run record lists (`csm apply <run.json>`), in stack order, or undefined when the file is
 * not a run record. The run record only names files: each plan record is then checked by `csm apply` as if it
 * were given by hand, so a forged run record can name nothing that would not be refused on its own. A name
 * must stay inside the project, and every `--stack` must be one the run planned, with a plan record.
 */
export function runRecordPlans(file: string, projectDir: string, only: string[]): string[] | undefined {
  let record: RunRecord;
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8')) as { schema?: unknown };
    if (value?.schema !== RUN_RECORD_SCHEMA) return undefined;
    record = value as RunRecord;
  } catch {
    return undefined; // not JSON: a plan file or a record for apply to read and refuse as such
  }
  if (!Array.isArray(record.stacks)) throw new InputError(`${file}: stacks: must be a list (a run record as csm plan writes it)`);
  for (const name of only) {
    const stack = record.stacks.find((s) => s?.stack === name);
    if (!stack) throw new InputError(`${file}: the run planned no stack ${JSON.stringify(name)}`);
    if (!stack.planRecord) throw new InputError(`${file}: ${name} has no plan to apply (${stack.passed ? 'nothing was recorded' : 'its gate did not pass'})`);
  }
  const root = path.resolve(projectDir);
  return record.stacks
    .filter((s) => s?.planRecord && (!only.length || only.includes(s.stack)))
    .map((s) => {
      const target = path.resolve(path.dirname(file), String(s.planRecord!.file));
      if (target !== root && !target.startsWith(root + path.sep)) throw new InputError(`${file}: ${s.stack}: ${s.planRecord!.file} leads outside the project ${root}`);
      return path.relative(process.cwd(), target);
    });
}
