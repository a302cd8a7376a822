/** `csm policy eval`: a query over policies, data and input, answered as `opa eval` answers it. */
import * as fs from 'fs';
import YAML from 'yaml';
import { EvalError, LoadError, RegoCompileError, evalQuery, formatError, loadFiles, type EvalOutput } from '@csm/rego';
import { EXIT, UsageError, str, type Io, type ParsedArgs } from '../command';
import { pathArg } from '../catalogue-arg';
import { builtinFunctionsOf, formatOf, ignoreOf, regoVersionOf, timeoutOf } from './policy-options';

const DEFAULT_EVAL_TIMEOUT_MS = 10_000;

/** The `-i` document: JSON, or YAML for a `.yaml`/`.yml` file (as `opa eval` reads it). */
function readInput(file: string): unknown {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return /\.ya?ml$/.test(file) ? YAML.parse(text) : JSON.parse(text);
  } catch (e) {
    throw new LoadError(`${file}: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** OPA's pretty output: one value alone as indented JSON, else a table of bindings (or expressions). */
export function prettyEval(out: EvalOutput): string[] {
  const rows = out.result ?? [];
  if (!rows.length) return ['undefined'];
  if (rows.length === 1 && !rows[0].bindings && rows[0].expressions.length === 1) return JSON.stringify(rows[0].expressions[0].value, null, 2).split('\n');
  const headers = rows[0].bindings ? Object.keys(rows[0].bindings) : rows[0].expressions.map((e) => e.text);
  const cells = rows.map((r) => (r.bindings ? headers.map((h) => JSON.stringify(r.bindings![h])) : r.expressions.map((e) => JSON.stringify(e.value))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const rule = '+' + widths.map((w) => '-'.repeat(w + 2)).join('+') + '+';
  const line = (vals: string[]): string => '|' + vals.map((v, i) => ` ${(v ?? '').padEnd(widths[i])} `).join('|') + '|';
  return [rule, line(headers), rule, ...cells.map(line), rule];
}

export async function policyEval(query: string | undefined, args: ParsedArgs, io: Io): Promise<number> {
  if (query === undefined || query.trim() === '') throw new UsageError('policy eval needs a query, e.g. csm policy eval -d policies data.csm.security.deny');
  const format = formatOf(args, ['json', 'pretty'] as const);
  if (args.options.fail && args.options['fail-defined']) throw new UsageError('--fail and --fail-defined exclude each other');
  const dataArgs = (args.options.data as string[] | undefined) ?? [];
  const inputArg = str(args, 'input');
  let answer;
  try {
    const loaded = loadFiles(dataArgs.map((d) => pathArg(io, d)), { ignore: ignoreOf(args) });
    let input: unknown;
    if (inputArg !== undefined) input = readInput(pathArg(io, inputArg));
    answer = await evalQuery({ modules: loaded.modules, data: loaded.data, input, query, regoVersion: regoVersionOf(args), builtinFunctions: builtinFunctionsOf(args), timeoutMs: timeoutOf(args, DEFAULT_EVAL_TIMEOUT_MS) });
  } catch (err) {
    if (err instanceof RegoCompileError) {
      for (const e of err.errors) io.err(formatError(e));
      return EXIT.badInput;
    }
    if (err instanceof LoadError || err instanceof EvalError) {
      io.err(`csm policy eval: ${err.message}`);
      return EXIT.badInput;
    }
    throw err;
  }
  for (const line of answer.printed) io.err(line);
  if (format === 'json') io.out(JSON.stringify(answer.output, null, 2));
  else for (const line of prettyEval(answer.output)) io.out(line);
  const defined = (answer.output.result ?? []).length > 0;
  if (args.options.fail && !defined) return EXIT.failure;
  if (args.options['fail-defined'] && defined) return EXIT.failure;
  return EXIT.ok;
}
