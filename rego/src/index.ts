// Public API of the Rego compiler. Compiling: `compile` (Rego sources → OPA-ABI wasm) and `loadCompiled` (the
// SDK's loadPolicy + setData). Around it, what `opa` offers a policy author: `loadFiles` (OPA's loader: Rego and
// data files by folder), `runTests` (`opa test`) and `evalQuery` (`opa eval`). Everything else is internal.
export { compile, type CompileOptions, type CompileResult } from './compile';
export { loadCompiled, loadCompiledSync, type LoadedPolicy, type LoadOptions } from './instantiate';
export { RegoCompileError, formatError } from './errors';
export type { RegoError } from './errors';
export type { Annotation, Location } from './ast';
export { parseModule, type RegoVersion } from './parse';
export type { TestRule } from './tests';
export { loadFiles, LoadError, type Loaded, type LoadedModule, type LoadFilesOptions } from './tools/load';
export { runTests, DEFAULT_TEST_TIMEOUT_MS, type TestRunOptions, type TestReport, type TestResult, type SubResult } from './tools/test-run';
export { formatTestReport, testReportJson, countTests, type TestCounts } from './tools/test-report';
export { evalQuery, EvalError, type EvalOptions, type EvalOutput, type EvalAnswer, type EvalExpression } from './tools/eval';
