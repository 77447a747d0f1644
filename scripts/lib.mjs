// Shared helpers for the start and test scripts: run a command, make sure dependencies and
// a Chromium are installed. Plain node ESM so they run before anything is installed.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs a command in the project root with inherited output; returns its exit code. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) {
    console.error(`could not run ${command}: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}

/** The oldest Node.js the README promises: package.json `engines.node` (">=20.19"). */
export function minimumNode() {
  const range = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.node;
  const match = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range);
  if (!match) throw new Error(`package.json engines.node should read ">=X.Y", not ${JSON.stringify(range)}`);
  return match.slice(1).map((n) => Number(n ?? 0));
}

/** Fails early, with a clear message, on a Node.js older than the README promises. */
export function checkNode() {
  const need = minimumNode();
  if (compareVersions(process.versions.node.split('.').map(Number), need) < 0) {
    console.error(
      `NormLab needs Node.js ${need.join('.')} or newer; this is ${process.versions.node}. Install a current Node.js LTS.`,
    );
    process.exit(1);
  }
}

function compareVersions(a, b) {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/**
 * Whether `version` ([major, minor, patch]) satisfies an npm `engines.node` range. Covers the
 * forms npm packages use (`>=X.Y`, `>= X`, `^X.Y.Z`, `~X.Y`, `<X`, `X.x`, `*`, `A || B`, and
 * space-separated comparators); anything else throws, so a new form is noticed, not passed.
 */
export function satisfiesNode(version, range) {
  return range.split('||').some((alternative) => {
    const parts = alternative
      .trim()
      .replace(/([<>=^~]+)\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean);
    return parts.every((part) => {
      if (part === '*' || part === 'x') return true;
      const m = /^(>=|<=|>|<|\^|~|=)?v?(\d+)(?:\.(\d+|x))?(?:\.(\d+|x))?$/.exec(part);
      if (!m) throw new Error(`cannot read the Node.js range ${JSON.stringify(range)}`);
      const [, op = '', ...raw] = m;
      const want = raw.map((n) => (n === undefined || n === 'x' ? 0 : Number(n)));
      const c = compareVersions(version, want);
      switch (op) {
        case '>=':
          return c >= 0;
        case '>':
          return c > 0;
        case '<':
          return c < 0;
        case '<=':
          return c <= 0;
        case '^':
          return c >= 0 && version[0] === want[0];
        case '~':
          return c >= 0 && version[0] === want[0] && version[1] === want[1];
        default:
          // "20", "20.x", "=20.1.2": the given parts must match.
          return raw.every((n, i) => n === undefined || n === 'x' || version[i] === Number(n));
      }
    });
  });
}

/** Installed packages (per package-lock.json) whose `engines.node` excludes the promised minimum. */
export function enginesBeyondMinimum() {
  const need = minimumNode();
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  return Object.entries(lock.packages ?? {})
    .filter(([path, p]) => path !== '' && typeof p.engines?.node === 'string' && !p.optional)
    .filter(([, p]) => !satisfiesNode(need, p.engines.node))
    .map(([path, p]) => `${path.replace(/^.*node_modules\//, '')}@${p.version} needs Node ${p.engines.node}`);
}

/** Installs npm dependencies when node_modules is missing or older than the lockfile. */
export function ensureDeps() {
  checkNode();
  const beyond = enginesBeyondMinimum();
  if (beyond.length) {
    console.error(
      `The README promises Node.js ${minimumNode().join('.')}, but these dependencies need more:\n  ${beyond.join('\n  ')}\nPin or replace them (package.json "overrides"), or raise engines.node and the README together.`,
    );
    process.exit(1);
  }
  const lock = join(root, 'package-lock.json');
  const installed = join(root, 'node_modules', '.package-lock.json');
  const fresh =
    existsSync(installed) && (!existsSync(lock) || statSync(installed).mtimeMs >= statSync(lock).mtimeMs);
  if (fresh) return;
  console.log('Installing dependencies (npm ci)…');
  const code = existsSync(lock) ? run('npm', ['ci', '--no-audit', '--no-fund']) : run('npm', ['install']);
  if (code !== 0) {
    console.error('Installing dependencies failed: see the npm output above.');
    process.exit(code);
  }
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function managedChromium() {
  try {
    const require = createRequire(join(root, 'package.json'));
    const { chromium } = require('playwright');
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/**
 * Finds a Chromium for the browser and end-to-end tiers and exports it as CHROMIUM_PATH
 * (or leaves it unset to use Playwright's managed browser). Order: $CHROMIUM_PATH,
 * /usr/bin/chromium, `apt-get install chromium` as root, Playwright's managed browser
 * (installing it if needed), else a clear message and exit.
 */
export function ensureChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  if (fromEnv) console.warn(`CHROMIUM_PATH=${fromEnv} does not exist; looking elsewhere.`);
  const debian = '/usr/bin/chromium';
  if (existsSync(debian)) {
    process.env.CHROMIUM_PATH = debian;
    return debian;
  }
  if (isRoot() && existsSync('/usr/bin/apt-get')) {
    console.log('Installing Chromium from the system packages (apt-get install chromium)…');
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '-qq', 'chromium'], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (existsSync(debian)) {
      process.env.CHROMIUM_PATH = debian;
      return debian;
    }
  }
  if (managedChromium()) return managedChromium();
  console.log("Installing Playwright's Chromium (npx playwright install chromium)…");
  run('npx', ['playwright', 'install', 'chromium']);
  const managed = managedChromium();
  if (managed) return managed;
  console.error(
    [
      'No Chromium found for the browser tests.',
      'Install one and run again, for example:',
      '  Debian/Ubuntu: sudo apt-get install chromium',
      '  elsewhere:     npx playwright install chromium',
      'or point CHROMIUM_PATH at an existing Chromium or Chrome binary.',
    ].join('\n'),
  );
  process.exit(1);
}

/**
 * Serves a production build with `vite preview` on 127.0.0.1:`port` (`outDir`: another build
 * folder than dist/) for the benchmarks. Node runs Vite directly (not through npx), so `kill()`
 * really stops the server. `ready()` resolves once it answers (rejects after ~30 s).
 */
export function startPreview(port, outDir) {
  const server = spawn(
    process.execPath,
    [
      join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'preview',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--strictPort',
      ...(outDir ? ['--outDir', outDir] : []),
    ],
    { cwd: root, stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    kill: () => server.kill(),
    async ready() {
      for (let i = 0; i < 300; i++) {
        try {
          if ((await fetch(url)).ok) return;
        } catch {}
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`vite preview did not start at ${url}`);
    },
  };
}

/** The Chromium the benchmarks launch: Debian's, else $CHROMIUM_PATH, else Playwright's own (undefined). */
export function benchChromium() {
  return ['/usr/bin/chromium', process.env.CHROMIUM_PATH].find((p) => p && existsSync(p));
}
