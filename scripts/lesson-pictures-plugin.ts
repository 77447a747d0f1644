// The course map's lesson pictures, made at build (and dev) time: a Vite plugin that runs
// app/lessons/lesson-pictures.ts in node (Vite's module runner, so the lessons' TypeScript, JSX
// and import.meta.glob load as in the app), trains each lesson's preset with the engine, and
// serves the pictures as the module `virtual:lesson-pictures`. Seeded, so the same inputs give
// the same pictures; cached in node_modules/.cache/normlab-pictures/:
// - a picture per job, keyed by its job key (the lesson's preset, steps, points) and a hash of
//   the code that computes it (PICTURE_CODE), so editing a lesson's text retrains nothing;
// - an index of every source file the generator loaded with their hash, so a build whose
//   sources are unchanged does not even load the generator.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import react from '@vitejs/plugin-react';
import { type Plugin, runnerImport } from 'vite';
import type { LessonPicture, PictureJob } from '../app/lessons/picture.ts';

export const PICTURES_MODULE = 'virtual:lesson-pictures';
const RESOLVED = `\0${PICTURES_MODULE}`;
/** Bump when the cache's format changes. */
const CACHE_VERSION = 1;
const GENERATOR = 'app/lessons/lesson-pictures.ts';

/**
 * The code a picture's numbers depend on besides its job key: the engine, the generator and
 * what it draws with. A change here retrains every picture; a lesson's text does not.
 */
const PICTURE_CODE: readonly RegExp[] = [
  /^engine\/(?!.*\.test\.ts$).*\.ts$/,
  /^app\/lessons\/(lesson-pictures|picture|node-session)\.ts$/,
  /^app\/lessons\/lesson-\d+\/picture\.ts$/,
  /^app\/(colors|runtime\/controller|views\/landscape\/landscape-layout|views\/bn-step\/batch-step)\.ts$/,
];

interface CacheIndex {
  version: number;
  /** Hash of every file the generator loaded (`files`) when these pictures were made. */
  inputs: string;
  files: string[];
  pictures: LessonPicture[];
}

const sha = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

function hashFiles(root: string, files: readonly string[]): string {
  const h = createHash('sha256');
  for (const f of [...files].sort()) {
    h.update(f);
    const abs = join(root, f);
    h.update(existsSync(abs) ? readFileSync(abs) : 'missing');
  }
  return h.digest('hex').slice(0, 16);
}

/** Every file under `dir` (relative to root, with forward slashes). */
function walk(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const rel = `${dir}/${name}`;
    if (statSync(join(root, rel)).isDirectory()) out.push(...walk(root, rel));
    else out.push(rel);
  }
  return out;
}

/** Vite's runner cannot evaluate stylesheets; the generator needs none. */
const noCss: Plugin = {
  name: 'normlab-pictures-no-css',
  enforce: 'pre',
  resolveId: (id) => (id.endsWith('.css') ? '\0normlab-no-css' : undefined),
  load: (id) => (id === '\0normlab-no-css' ? 'export default {}' : undefined),
};

/** The lesson pictures for the sources under `root`, from the cache where it can. */
export async function lessonPictures(
  root: string,
  log: (line: string) => void = () => {},
): Promise<LessonPicture[]> {
  const cacheDir = join(root, 'node_modules', '.cache', 'normlab-pictures');
  const indexPath = join(cacheDir, 'index.json');
  if (existsSync(indexPath)) {
    const index = JSON.parse(readFileSync(indexPath, 'utf8')) as CacheIndex;
    if (index.version === CACHE_VERSION && hashFiles(root, index.files) === index.inputs)
      return index.pictures;
  }
  const started = performance.now();
  const { module, dependencies } = await runnerImport<{ pictureJobs: () => PictureJob[] }>(`/${GENERATOR}`, {
    configFile: false,
    root,
    logLevel: 'error',
    plugins: [noCss, react()],
  });
  const files = [GENERATOR, ...dependencies.map((f) => relative(root, f).split(sep).join('/'))];
  const code = hashFiles(
    root,
    walk(root, 'engine')
      .concat(walk(root, 'app'))
      .filter((f) => PICTURE_CODE.some((re) => re.test(f))),
  );
  mkdirSync(join(cacheDir, 'jobs'), { recursive: true });
  const pictures: LessonPicture[] = [];
  let made = 0;
  for (const job of module.pictureJobs()) {
    const jobPath = join(cacheDir, 'jobs', `${sha(`${code}:${job.key}`)}.json`);
    let picture: LessonPicture;
    if (existsSync(jobPath))
      picture = { ...(JSON.parse(readFileSync(jobPath, 'utf8')) as LessonPicture), lesson: job.lesson };
    else {
      picture = job.make();
      writeFileSync(jobPath, JSON.stringify(picture));
      made++;
    }
    pictures.push(picture);
  }
  const index: CacheIndex = { version: CACHE_VERSION, inputs: hashFiles(root, files), files, pictures };
  writeFileSync(indexPath, JSON.stringify(index));
  log(
    `lesson pictures: ${pictures.length} (${made} trained) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return pictures;
}

/** Serves `virtual:lesson-pictures`: the course map's pictures, made once per build or dev server. */
export function lessonPicturesPlugin(): Plugin {
  let root = process.cwd();
  let pictures: Promise<LessonPicture[]> | null = null;
  return {
    name: 'normlab-lesson-pictures',
    configResolved(config) {
      root = config.root;
    },
    resolveId: (id) => (id === PICTURES_MODULE ? RESOLVED : undefined),
    async load(id) {
      if (id !== RESOLVED) return undefined;
      pictures ??= lessonPictures(root, (line) => this.info(line));
      return `export default ${JSON.stringify(await pictures)};`;
    },
  };
}
