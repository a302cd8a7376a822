import { RegoCompileError, formatError, loadFiles, runTests, type RegoVersion, type TestReport } from '@csm/rego';

export interface PolicyTestOptions {
  /** Files and folders to load, as `opa test` takes them (Rego modules and JSON/YAML data files). */
  paths: string[];
  /** Only tests whose full name (`data.pkg.test_x`) matches. */
  filter?: RegExp;
  /** Time bound of each test; a test past it is an error. */
  timeoutMs?: number;
  /** Rego version of modules that do not say (`--v0-compatible`: 0). */
  regoVersion?: RegoVersion;
  /** `--builtin name=data.path`: a product's own builtin, implemented by a function of the modules. */
  builtinFunctions?: Record<string, string>;
  /** `--ignore`: shell patterns of file and folder names the loader skips. */
  ignore?: string[];
}

export interface PolicyTestRun {
  report?: TestReport;
  /** Compile errors as `file:line:col: code: message` (the run stops there). */
  compileErrors: string[];
}

/**
 * `csm policy test`: the compiler's `opa test` (rego/src/tools) over the given paths. Every `test_*` rule of
 * every module loaded is a test, each body its own; data files beside the policies are loaded by folder as
 * OPA's loader places them. A file that cannot be loaded throws the rego package's LoadError.
 */
export async function runPolicyTests(options: PolicyTestOptions): Promise<PolicyTestRun> {
  const loaded = loadFiles(options.paths, { ignore: options.ignore });
  try {
    const report = await runTests({ modules: loaded.modules, data: loaded.data, filter: options.filter, timeoutMs: options.timeoutMs, regoVersion: options.regoVersion, builtinFunctions: options.builtinFunctions });
    return { report, compileErrors: [] };
  } catch (err) {
    if (err instanceof RegoCompileError) return { compileErrors: err.errors.map(formatError) };
    throw err;
  }
}
