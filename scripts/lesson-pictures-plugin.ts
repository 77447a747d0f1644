// The course map's lesson pictures and the share previews, made at build (and dev) time: a Vite
// plugin that runs app/pages/build-time.ts in node (Vite's module runner, so the lessons'
// TypeScript, JSX and import.meta.glob load as in the app), trains each lesson's preset with the
// engine, and serves the pictures as the module `virtual:lesson-pictures`. The production build
// also writes share/: an Open Graph image per lesson and for the home page (share-image.ts), and
// a page per lesson carrying its preview tags that forwards to the lesson (see README, "Share
// previews"); index.html gets the home page's tags. Seeded, so the same inputs give the same
// pictures; cached in node_modules/.cache/normlab-pictures/:
// - a picture per job, keyed by its job key (the lesson's preset, steps, points) and a hash of
//   the code that computes it (PICTURE_CODE), so editing a lesson's text retrains nothing;
// - an index of every source file the generator loaded with their hash, so a build whose
//   sources are unchanged does not even load the generator.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import react from '@vitejs/plugin-react';
import { type Plugin, runnerImport } from 'vite';
import type { LessonPicture, PictureJob, ShareMeta } from '../app/lessons/picture.ts';
import { paletteResolver, shareImage } from './share-image.ts';

export const PICTURES_MODULE = 'virtual:lesson-pictures';
const RESOLVED = `\0${PICTURES_MODULE}`;
/** Bump when the cache's format changes. */
const CACHE_VERSION = 2;
const GENERATOR = 'app/pages/build-time.ts';
/** Where the share previews go in the build (not precached by the service worker). */
export const SHARE_DIR = 'share';
/** The lesson whose picture is the home page's preview: lesson 2's race, as in the home page's hero. */
const HOME_PICTURE_LESSON = 2;

/**
 * The code a picture's numbers depend on besides its job key: the engine, the generator and
 * what it draws with. A change here retrains every picture; a lesson's text does not.
 */
const PICTURE_CODE: readonly RegExp[] = [
  /^engine\/(?!.*\.test\.ts$).*\.ts$/,
  /^app\/lessons\/(lesson-pictures|picture|node-session)\.ts$/,
  /^app\/lessons\/lesson-\d+\/picture\.ts$/,
  /^app\/(colors|tokens|runtime\/controller|views\/landscape\/landscape-layout|views\/bn-step\/batch-step|views\/shift\/shifts|lessons\/lesson-13\/precision)\.ts$/,
];

interface CacheIndex {
  version: number;
  /** Hash of every file the generator loaded (`files`) when these pictures were made. */
  inputs: string;
  files: string[];
  pictures: LessonPicture[];
  share: ShareMeta[];
}

export interface BuildTimeData {
  pictures: LessonPicture[];
  share: ShareMeta[];
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

/** The lesson pictures and share texts for the sources under `root`, from the cache where it can. */
export async function buildTimeData(
  root: string,
  log: (line: string) => void = () => {},
): Promise<BuildTimeData> {
  const cacheDir = join(root, 'node_modules', '.cache', 'normlab-pictures');
  const indexPath = join(cacheDir, 'index.json');
  if (existsSync(indexPath)) {
    const index = JSON.parse(readFileSync(indexPath, 'utf8')) as CacheIndex;
    if (index.version === CACHE_VERSION && hashFiles(root, index.files) === index.inputs) {
      return { pictures: index.pictures, share: index.share };
    }
  }
  const started = performance.now();
  const { module, dependencies } = await runnerImport<{
    pictureJobs: () => PictureJob[];
    shareMeta: () => ShareMeta[];
  }>(`/${GENERATOR}`, {
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
  const share = module.shareMeta();
  const index: CacheIndex = {
    version: CACHE_VERSION,
    inputs: hashFiles(root, files),
    files,
    pictures,
    share,
  };
  writeFileSync(indexPath, JSON.stringify(index));
  log(
    `lesson pictures: ${pictures.length} (${made} trained) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { pictures, share };
}

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Open Graph and Twitter card tags for a page; `image` is the image's URL as the page refers to it. */
export function previewTags(meta: ShareMeta, image: string, url: string | null): string {
  const tags: [string, string, string][] = [
    ['property', 'og:type', meta.lesson === null ? 'website' : 'article'],
    ['property', 'og:site_name', 'NormLab'],
    ['property', 'og:title', meta.title],
    ['property', 'og:description', meta.description],
    ['property', 'og:image', image],
    ['property', 'og:image:width', '1200'],
    ['property', 'og:image:height', '630'],
    ['name', 'twitter:card', 'summary_large_image'],
  ];
  if (url) tags.push(['property', 'og:url', url]);
  return tags
    .map(([attr, key, value]) => `<meta ${attr}="${key}" content="${escapeHtml(value)}" />`)
    .join('\n    ');
}

/** A lesson's share page: its preview tags, then straight on to the lesson in the app. */
export function sharePage(meta: ShareMeta, csp: string, site: string | null): string {
  const target = `../#/lessons/${meta.lesson}`;
  const image = `${site ? `${site}${SHARE_DIR}/` : ''}lesson-${meta.lesson}.png`;
  const url = site ? `${site}${SHARE_DIR}/lesson-${meta.lesson}.html` : null;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <link rel="icon" href="../favicon.svg" type="image/svg+xml" />
    <title>${escapeHtml(meta.title)}</title>
    <meta name="description" content="${escapeHtml(meta.description)}" />
    ${previewTags(meta, image, url)}
    <meta http-equiv="refresh" content="0; url=${target}" />
  </head>
  <body>
    <p><a href="${target}">${escapeHtml(meta.title)}</a></p>
  </body>
</html>
`;
}

/** The site's public address for absolute preview URLs (NORMLAB_SITE_URL, with a trailing slash), or null. */
function siteUrl(): string | null {
  const site = process.env.NORMLAB_SITE_URL?.trim();
  if (!site) return null;
  return site.endsWith('/') ? site : `${site}/`;
}

/**
 * Serves `virtual:lesson-pictures` (the course map's pictures, made once per build or dev server);
 * in a production build, also writes the share previews and the home page's preview tags. `csp`
 * is the policy the share pages carry (vite.config.ts CONTENT_SECURITY_POLICY).
 */
export function lessonPicturesPlugin(options: { csp: string }): Plugin {
  let root = process.cwd();
  let data: Promise<BuildTimeData> | null = null;
  const load = (log: (line: string) => void) => {
    data ??= buildTimeData(root, log);
    return data;
  };
  return {
    name: 'normlab-lesson-pictures',
    configResolved(config) {
      root = config.root;
    },
    resolveId: (id) => (id === PICTURES_MODULE ? RESOLVED : undefined),
    async load(id) {
      if (id !== RESOLVED) return undefined;
      const { pictures } = await load((line) => this.info(line));
      return `export default ${JSON.stringify(pictures)};`;
    },
    transformIndexHtml: {
      order: 'post',
      async handler(html, ctx) {
        if (ctx.server) return html;
        const { share } = await load(() => {});
        const home = share.find((m) => m.lesson === null);
        if (!home) return html;
        const site = siteUrl();
        const tags = previewTags(home, `${site ?? ''}${SHARE_DIR}/home.png`, site);
        return html.replace('</head>', `    ${tags}\n  </head>`);
      },
    },
    async generateBundle() {
      const { pictures, share } = await load((line) => this.info(line));
      const colorOf = paletteResolver();
      const site = siteUrl();
      for (const meta of share) {
        const pictureLesson = meta.lesson ?? HOME_PICTURE_LESSON;
        const picture = pictures.find((p) => p.lesson === pictureLesson);
        if (!picture) throw new Error(`share preview: no picture for lesson ${pictureLesson}`);
        const name = meta.lesson === null ? 'home' : `lesson-${meta.lesson}`;
        this.emitFile({
          type: 'asset',
          fileName: `${SHARE_DIR}/${name}.png`,
          source: shareImage(picture, colorOf, meta.lesson),
        });
        if (meta.lesson !== null) {
          this.emitFile({
            type: 'asset',
            fileName: `${SHARE_DIR}/${name}.html`,
            source: sharePage(meta, options.csp, site),
          });
        }
      }
    },
  };
}
