import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

/**
 * `npm run fuzz -- --runs N [--seed S]`: the API fuzzer (test/fuzz/) for longer than CI runs it,
 * on the same real dev server, worker and API. A failure prints fast-check's seed and the
 * shrunk counterexample: add it to the hostile suite (docs/api-hardening.md).
 */
const { values } = parseArgs({ options: { runs: { type: 'string', default: '1000' }, seed: { type: 'string', default: String(Date.now()) } } });
if (!/^\d+$/.test(values.runs) || !/^-?\d+$/.test(values.seed)) {
  console.error('usage: npm run fuzz -- --runs <number> [--seed <integer>]');
  process.exit(2);
}
console.log(`fuzzing with ${values.runs} runs per property, seed ${values.seed}`);
const run = spawnSync('npx', ['jest', '--runInBand', 'test/fuzz'], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: values.runs, FUZZ_SEED: values.seed },
});
process.exit(run.status ?? 1);
