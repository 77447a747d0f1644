// The design tokens (tokens.ts) hold with numbers, and nothing under app/ goes around them.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closestPair, contrastRatio } from './testing/color-difference.ts';
import {
  PALETTE,
  PALETTE_COLORS,
  SERIES_MIN_DELTA_E,
  SERIES_ORDER,
  TEXT_ON_BACKGROUNDS,
  type ThemeName,
  themeProperties,
  tokensCss,
  UI_COLORS,
} from './tokens.ts';

const THEMES: readonly ThemeName[] = ['light', 'dark'];

describe('colour tokens', () => {
  it.each(THEMES)('every text colour keeps WCAG 4.5:1 on each background it is drawn on (%s)', (theme) => {
    const colors: Record<string, string> = UI_COLORS[theme];
    const failures: string[] = [];
    for (const [text, backgrounds] of TEXT_ON_BACKGROUNDS)
      for (const bg of backgrounds) {
        const ratio = contrastRatio(colors[text], colors[bg]);
        if (ratio < 4.5) failures.push(`${text} on ${bg}: ${ratio.toFixed(2)}`);
      }
    expect(failures).toEqual([]);
  });

  it.each(THEMES)(
    'the series colours differ pairwise by at least SERIES_MIN_DELTA_E (CIEDE2000), and every palette colour by 10 (%s)',
    (theme) => {
      const series = closestPair(SERIES_ORDER.map((k) => PALETTE_COLORS[theme][k]));
      expect(series.deltaE, `${series.a} vs ${series.b}`).toBeGreaterThanOrEqual(SERIES_MIN_DELTA_E);
      // The normalizers' colours (the whole palette, purple too) are told apart as well.
      const all = closestPair(PALETTE.map((k) => PALETTE_COLORS[theme][k]));
      expect(all.deltaE, `${all.a} vs ${all.b}`).toBeGreaterThanOrEqual(10);
    },
  );

  it.each(THEMES)(
    'each data colour stands out from the card it is drawn on, 3:1 (WCAG non-text) (%s)',
    (theme) => {
      const low = PALETTE.map(
        (k) => [k, contrastRatio(PALETTE_COLORS[theme][k], UI_COLORS[theme].surface)] as const,
      )
        .filter(([, ratio]) => ratio < 3)
        .map(([k, ratio]) => `${k}: ${ratio.toFixed(2)}`);
      expect(low).toEqual([]);
    },
  );

  it('the stylesheet defines every colour for both themes, and the dark block only colours', () => {
    const css = tokensCss();
    const dark = css.slice(css.indexOf(':root[data-theme="dark"]'));
    for (const name of Object.keys(UI_COLORS.light)) expect(dark).toContain(`--${name}: `);
    expect(Object.keys(UI_COLORS.dark).sort()).toEqual(Object.keys(UI_COLORS.light).sort());
    expect(Object.keys(PALETTE_COLORS.dark).sort()).toEqual(Object.keys(PALETTE_COLORS.light).sort());
    expect(dark).not.toContain('--fs-');
    expect(css).toContain('--c-s0: var(--c-blue);');
    const names = themeProperties('light').map(([k]) => k);
    expect(new Set(names).size).toBe(names.length);
  });
});

// ── The sweep: colours, sizes, spacing and strokes are written in tokens.ts only ──────────────

const APP = new URL('.', import.meta.url).pathname;

/** Every stylesheet and source file under app/, tests excepted (they may name colours to check). */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    if (/\.test\.tsx?$/.test(e.name) || !/\.(css|ts|tsx)$/.test(e.name)) return [];
    return [path];
  });
}

/**
 * Files that may write a colour, a size, a spacing or a stroke width. Each entry says why it cannot
 * use a token.
 */
const ALLOWED: Record<string, string> = {
  // The tokens themselves.
  'tokens.ts': 'the one home of the values',
};

/** CSS named colours a stylesheet or a component could reach for (the common ones). */
const NAMED =
  'white|black|red|green|blue|gr[ae]y|silver|orange|yellow|purple|pink|navy|teal|maroon|olive|lime|aqua|cyan|magenta|fuchsia|brown|gold|crimson|tomato|coral|salmon|indigo|violet|khaki|beige|ivory|lavender|(?:light|dark)(?:gr[ae]y|blue|green|red)';

/** What counts as a stray colour, size, spacing or stroke width, per kind of file. */
const RULES: { kind: 'css' | 'ts'; what: string; re: RegExp }[] = [
  { kind: 'css', what: 'hex colour', re: /#[0-9a-f]{3,8}\b/i },
  { kind: 'css', what: 'colour function', re: /\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(/i },
  {
    kind: 'css',
    what: 'named colour',
    re: new RegExp(
      `\\b(?:color|background(?:-color)?|fill|stroke|border(?:-[a-z]+)*|outline(?:-color)?|box-shadow|text-decoration-color|caret-color|stop-color)\\s*:[^;]*\\b(?:${NAMED})\\b`,
      'i',
    ),
  },
  {
    kind: 'css',
    what: 'font size',
    re: /\bfont-size\s*:(?!\s*(?:var\(--(?:fs|chart)-[\w-]+\)|inherit)\s*(?:;|\}|$))/,
  },
  { kind: 'css', what: 'font shorthand', re: /\bfont\s*:(?!\s*inherit\s*(?:;|\}|$))/ },
  // Spacing and stroke widths are read with custom property names blanked (`var(--space-12)` is
  // `var(--)`), so any digit left is a number of the stylesheet's own.
  {
    kind: 'css',
    what: 'spacing',
    re: /(?:^|[\s;{])(?:(?:scroll-)?(?:padding|margin|inset)(?:-[a-z]+)*|(?:row-|column-)?gap)\s*:[^;}]*?\d*\.?\d+px\b/,
  },
  { kind: 'css', what: 'stroke width', re: /\bstroke-width\s*:[^;}]*\d/ },
  {
    kind: 'css',
    what: 'corner radius',
    re: /\bborder(?:-[a-z]+)*-radius\s*:(?!(?:\s*(?:var\(--radius-[\w-]+\)|0|50%))+\s*(?:;|\}|$))/,
  },
  // Code: a colour literal in a string, and colour functions with literal numbers.
  { kind: 'ts', what: 'hex colour', re: /['"`]#[0-9a-f]{3,8}['"`]/i },
  { kind: 'ts', what: 'colour function', re: /\b(?:rgba?|hsla?)\(\s*\d/i },
  {
    kind: 'ts',
    what: 'named colour',
    re: new RegExp(
      `\\b(?:fill|stroke|color|background(?:Color)?|fillStyle|strokeStyle|stopColor|stop-color)['"]?\\s*[:=,]\\s*\\{?\\s*['"\`](?:${NAMED})['"\`]`,
      'i',
    ),
  },
  { kind: 'ts', what: 'font size', re: /\b(?:font-size|fontSize)['"]?\s*[:=,]\s*\{?\s*['"`]?\d/ },
  { kind: 'ts', what: 'canvas font', re: /\.font\s*=\s*['"`][^'"`]*\d+(?:px|pt|rem|em)\b/ },
  // A JSX attribute, a D3 attr or style, an attribute object, a canvas pen: `STROKE_WIDTHS.<role>`.
  {
    kind: 'ts',
    what: 'stroke width',
    re: /\b(?:stroke-width|strokeWidth|lineWidth)['"]?\s*[:=,]\s*\{?\s*['"`]?\.?\d/,
  },
];

/** The rules that read a line with its custom property names blanked. */
const BLANKED = new Set(['named colour', 'spacing', 'stroke width']);

/** The lines of `text` a rule flags, comments left out (a comment may name a colour it explains). */
function offences(file: string, text: string): string[] {
  const kind = file.endsWith('.css') ? 'css' : 'ts';
  const code =
    kind === 'css'
      ? text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
      : text
          .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
          .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const out: string[] = [];
  code.split('\n').forEach((raw, i) => {
    // Custom property names (`--c-blue`, `var(--space-12)`) are tokens, not named colours or numbers.
    const line = raw.replace(/--[\w-]+/g, '--');
    for (const rule of RULES)
      if (rule.kind === kind && rule.re.test(BLANKED.has(rule.what) ? line : raw))
        out.push(`${file}:${i + 1} ${rule.what}: ${raw.trim()}`);
  });
  return out;
}

describe('the token sweep', () => {
  it('no stylesheet or component under app/ writes a colour, a font size, a corner radius, a spacing or a stroke width of its own', () => {
    const files = sources(APP);
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((path) => {
      const file = relative(APP, path);
      return file in ALLOWED ? [] : offences(file, readFileSync(path, 'utf8'));
    });
    expect(found).toEqual([]);
  });

  it('the sweep catches what it looks for (and lets tokens through)', () => {
    expect(offences('x.css', '.a { color: #1d2330; }')).toHaveLength(1);
    expect(offences('x.css', '.a { box-shadow: 0 1px 2px rgb(0 0 0 / 0.2); }')).toHaveLength(1);
    expect(offences('x.css', '.a { border: 1px solid white; }')).toHaveLength(1);
    expect(offences('x.css', '.a { font-size: 0.85rem; }')).toHaveLength(1);
    expect(offences('x.css', '.a { font: 12px sans-serif; }')).toHaveLength(1);
    expect(offences('x.css', '.a { border-radius: 6px; }')).toHaveLength(1);
    expect(offences('x.css', '.a { border-radius: var(--radius-xl) var(--radius-xl) 0 0; }')).toEqual([]);
    expect(offences('x.css', '.a { padding: 4px var(--space-3); }')).toHaveLength(1);
    expect(offences('x.css', '  margin-bottom: -22px;')).toHaveLength(1);
    expect(offences('x.css', '.a { inset: 30% auto auto calc(100% - 8px); }')).toHaveLength(1);
    expect(offences('x.css', '.a { gap: 0.5px; }')).toHaveLength(1);
    expect(offences('x.css', '.a { stroke-width: 1.3; }')).toHaveLength(1);
    expect(offences('x.css', '.a { stroke-width: 3px; }')).toHaveLength(1);
    expect(
      offences(
        'x.css',
        '.a { padding: var(--space-1) var(--space-12) 0; margin: calc(-1 * var(--space-12)) auto 1em; gap: 2% 0; }',
      ),
    ).toEqual([]);
    expect(offences('x.css', '.a { stroke-width: calc(var(--stroke-line) + var(--stroke-halo)); }')).toEqual(
      [],
    );
    expect(offences('x.css', '.chart-margin:hover { width: 12px; }')).toEqual([]);
    expect(offences('x.tsx', '<path strokeWidth={1.5} />')).toHaveLength(1);
    expect(offences('x.tsx', '<path strokeWidth="2" />')).toHaveLength(1);
    expect(offences('x.ts', `sel.attr('stroke-width', 2.2);`)).toHaveLength(1);
    expect(offences('x.ts', `ctx.lineWidth = 2;`)).toHaveLength(1);
    expect(offences('x.ts', `el('rect', { 'stroke-width': .5 });`)).toHaveLength(1);
    expect(offences('x.tsx', '<path strokeWidth={STROKE_WIDTHS.thin} />')).toEqual([]);
    expect(offences('x.ts', `el('rect', { 'stroke-width': top.width });`)).toEqual([]);
    expect(offences('x.tsx', `<text fill="white" />`)).toHaveLength(1);
    expect(offences('x.ts', `sel.attr('fill', '#888');`)).toHaveLength(1);
    expect(offences('x.ts', `sel.attr('font-size', 10);`)).toHaveLength(1);
    expect(offences('x.ts', `ctx.font = '12px sans-serif';`)).toHaveLength(1);
    expect(offences('x.ts', `const c = 'rgb(10 20 30)';`)).toHaveLength(1);
    expect(
      offences('x.css', '.a { color: var(--muted); font-size: var(--fs-sm); white-space: nowrap; }'),
    ).toEqual([]);
    expect(offences('x.ts', `import { x } from '#engine'; // a #fff note`)).toEqual([]);
    expect(offences('x.ts', `sel.attr('fill', cssVar('muted'));`)).toEqual([]);
  });
});
