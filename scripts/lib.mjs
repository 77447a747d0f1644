// Shared helpers for the start and test scripts: run a command, make sure dependencies and
// a Chromium are installed. Plain node ESM so they run before anything is installed.

import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
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

/** Fails early, with a clear message, on a Node.js older than Vite 8 supports. */
export function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(
      `NormLab needs Node.js 20.19 or newer; this is ${process.versions.node}. Install a current Node.js LTS.`,
    );
    process.exit(1);
  }
}

/** Installs npm dependencies when node_modules is missing or older than the lockfile. */
export function ensureDeps() {
  checkNode();
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
