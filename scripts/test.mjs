// `npm test`: installs what is missing (dependencies, a Chromium), then runs every tier:
// typecheck, lint, engine unit tests (node), component tests (Vitest browser mode, real
// Chromium), production build, end-to-end journeys (Playwright against `vite preview`).
// Ends with one plain line `N passed, N failed, N skipped` summed over all tiers; exits
// non-zero on any failure or when no test ran. Typecheck, lint and build count as one check each.

import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { ensureChromium, ensureDeps, root, run } from './lib.mjs';

ensureDeps();
ensureChromium();

const reports = join(root, 'test-results', 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function tally(name, counts) {
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  lines.push(
    `${name.padEnd(10)} ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`,
  );
}

function check(name, command, args) {
  console.log(`\n── ${name} ──`);
  const ok = run(command, args) === 0;
  tally(name, { passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 });
  return ok;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

function vitestTier(name, project, extra = []) {
  console.log(`\n── ${name} ──`);
  const out = join(reports, `${project}.json`);
  const code = run('npx', [
    'vitest',
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
    ...extra,
  ]);
  const report = readJson(out);
  if (!report) {
    tally(name, { passed: 0, failed: 1, skipped: 0 });
    return;
  }
  const failed = report.numFailedTests + (code !== 0 && report.numFailedTests === 0 ? 1 : 0);
  tally(name, {
    passed: report.numPassedTests,
    failed,
    skipped: report.numPendingTests + report.numTodoTests,
  });
}

function playwrightTier(name) {
  console.log(`\n── ${name} ──`);
  const out = join(reports, 'e2e.json');
  const code = run('npx', ['playwright', 'test', '--reporter=list,json'], {
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_FILE: out },
  });
  const stats = readJson(out)?.stats;
  if (!stats) {
    tally(name, { passed: 0, failed: 1, skipped: 0 });
    return;
  }
  const failed = stats.unexpected + stats.flaky + (code !== 0 && stats.unexpected === 0 ? 1 : 0);
  tally(name, { passed: stats.expected, failed, skipped: stats.skipped });
}

if (run('npm', ['run', 'data', '--silent']) !== 0) tally('data', { passed: 0, failed: 1, skipped: 0 });
check('typecheck', 'npx', ['tsc', '-b']);
check('lint', 'npx', ['biome', 'ci', '.']);
// The node tier is CPU-bound (the lessons' claims train networks): one test file per core. Left to
// itself Vitest ran one file at a time on this 2-core machine.
vitestTier('unit', 'unit', [`--maxWorkers=${availableParallelism()}`]);
vitestTier('browser', 'browser');
const built = check('build', 'npx', ['vite', 'build', '--logLevel', 'warn']);
if (built && existsSync(join(root, 'dist', 'index.html'))) playwrightTier('e2e');
else tally('e2e', { passed: 0, failed: 1, skipped: 0 });

console.log('\n── summary ──');
for (const line of lines) console.log(line);
const ranNothing = totals.passed + totals.failed === 0;
if (ranNothing) console.log('No test ran.');
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || ranNothing ? 1 : 0);
