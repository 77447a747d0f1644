// NormLab's design tokens: the one home of every colour, type size, spacing step, radius, chart
// text size and stroke width the pages and charts use. Pure data (no DOM, no engine), so node code
// reads it too: the build-time share images, the contrast and colour-difference tests.
//
// CSS gets the same values as custom properties: `tokensCss()` writes the `:root` block (light) and
// the `:root[data-theme="dark"]` block, and the `normlab-tokens` Vite plugin (vite.config.ts) puts
// it at the top of app/styles.css as it is loaded, in the build, the dev server and browser tests
// alike. TypeScript is the source, rather than CSS read back by TS, because node (tests, the share
// images) needs the values without a browser, and a rename is then a type error, not a silent
// `var(--gone)`. Stylesheets and components name a token as `var(--name)` (`cssVar`); canvases
// resolve it on their element. `tokens.test.ts` fails on a colour or font size written anywhere
// else under app/.

/** The page's themes (app/theme.ts sets `data-theme` to one of them). */
export type ThemeName = 'light' | 'dark';

/**
 * The interface colours, per theme: `--<name>`. Text colours (text, muted, accent, ok, bad and
 * text on the accent) keep WCAG 4.5:1 against the backgrounds they sit on (tested).
 */
export const UI_COLORS = {
  light: {
    bg: '#fbfbf8',
    surface: '#ffffff',
    text: '#1d2330',
    muted: '#5a6273',
    border: '#d9dce3',
    accent: '#1f4e79',
    'accent-contrast': '#ffffff',
    'notice-bg': '#eef4fb',
    'notice-border': '#9fbfdf',
    'error-bg': '#fdeeee',
    'error-border': '#d98a8a',
    focus: '#c75d00',
    /** A right or wrong answer (serving's digits), always beside a ✓/✗ too. */
    ok: '#007a4d',
    bad: '#b3261e',
    /** What dims the page behind a bottom sheet. */
    scrim: 'rgb(0 0 0 / 0.12)',
    'shadow-color': 'rgb(0 0 0 / 0.12)',
    'shadow-strong-color': 'rgb(0 0 0 / 0.25)',
  },
  dark: {
    bg: '#14171d',
    surface: '#1c2028',
    text: '#e6e8ec',
    muted: '#a3aab8',
    border: '#343a46',
    accent: '#7fb3e6',
    'accent-contrast': '#0d1117',
    'notice-bg': '#1a2636',
    'notice-border': '#3c5a7d',
    'error-bg': '#3a1f22',
    'error-border': '#8c4a50',
    focus: '#ffb366',
    ok: '#4fd1a0',
    bad: '#ff8a80',
    scrim: 'rgb(0 0 0 / 0.12)',
    'shadow-color': 'rgb(0 0 0 / 0.12)',
    'shadow-strong-color': 'rgb(0 0 0 / 0.25)',
  },
} as const satisfies Record<ThemeName, Record<string, string>>;

export type UiColor = keyof (typeof UI_COLORS)['light'];

/** Text colour × the backgrounds it is drawn on: each pair is checked at 4.5:1 in both themes. */
export const TEXT_ON_BACKGROUNDS: readonly (readonly [UiColor, readonly UiColor[]])[] = [
  ['text', ['bg', 'surface', 'notice-bg', 'error-bg']],
  ['muted', ['bg', 'surface', 'notice-bg']],
  ['accent', ['bg', 'surface', 'notice-bg']],
  ['accent-contrast', ['accent']],
  ['ok', ['surface']],
  ['bad', ['surface']],
];

/**
 * The data palette (Okabe–Ito), per theme: `--c-<key>`. The normalizers' catalog rows name these
 * keys (engine/norm/catalog.ts); app/colors.ts maps meanings (normalizer, series position) to them.
 * Okabe–Ito stays distinguishable under common colour-vision deficiencies.
 */
export const PALETTE_COLORS = {
  light: {
    grey: '#6b6b6b',
    blue: '#0072b2',
    vermillion: '#d55e00',
    green: '#009e73',
    pink: '#cc79a7',
    ochre: '#9a7d00',
    purple: '#7b52ab',
  },
  dark: {
    grey: '#b0b0b0',
    blue: '#56b4e9',
    vermillion: '#e69f00',
    green: '#2fc99a',
    pink: '#e3a1c8',
    ochre: '#f0e442',
    purple: '#b9a0e0',
  },
} as const satisfies Record<ThemeName, Record<string, string>>;

export type PaletteKey = keyof (typeof PALETTE_COLORS)['light'];

/** The palette's keys: each is a custom property `--c-<key>`. */
export const PALETTE = Object.keys(PALETTE_COLORS.light) as readonly PaletteKey[];

/** Series colours by position (`--c-s0` …), for comparisons over a knob other than the normalizer. */
export const SERIES_ORDER: readonly PaletteKey[] = ['blue', 'vermillion', 'green', 'pink', 'ochre', 'grey'];

/**
 * The smallest CIEDE2000 difference between two series colours of one theme (tested). The closest
 * series pair is blue and grey (21.5 light, 20.6 dark); over the whole palette (the normalizers'
 * colours, purple too) it is the dark theme's pink and purple, 13.2, which the test holds at 10.
 */
export const SERIES_MIN_DELTA_E = 15;

/**
 * The diagnostics' layer lines (layer 1 → output), one list per theme: every pair differs by at
 * least LAYER_COLOR_MIN_DELTA_E (CIEDE2000), and each has 3:1 contrast against its theme's card
 * (surface). Chosen by maximin search over CIE LCh colours; a network with more weight layers than
 * colours repeats them (the legend and the read-out still name each line).
 */
export const LAYER_COLORS = {
  light: ['#eb4348', '#6e3704', '#a67c06', '#4a942a', '#055235', '#2f919d', '#164b75', '#975ec6', '#821d49'],
  dark: ['#f35d3f', '#ea9819', '#e9e846', '#8c955e', '#0ce47b', '#57f9fe', '#249bdb', '#c5c1fb', '#e75ea5'],
} as const;

/** The smallest CIEDE2000 difference between two layer colours of one theme (tested). */
export const LAYER_COLOR_MIN_DELTA_E = 20;

/** The decision boundary's classes (Okabe–Ito blue, orange, bluish green): `--boundary-class-<i>`. */
export const BOUNDARY_CLASS_COLORS = {
  light: ['#0072b2', '#e69f00', '#009e73'],
  dark: ['#56b4e9', '#e69f00', '#2fc99a'],
} as const;

/**
 * The diverging scale of signed maps (feature maps, unit pictures): Okabe–Ito blue below zero,
 * vermillion above, white at zero. RGB, for canvas pixels; the same in both themes (a map is an
 * image, drawn on its own white).
 */
export const DIVERGING_NEGATIVE_RGB: readonly [number, number, number] = [0, 114, 178];
export const DIVERGING_ZERO_RGB: readonly [number, number, number] = [255, 255, 255];
export const DIVERGING_POSITIVE_RGB: readonly [number, number, number] = [213, 94, 0];

/** What a canvas paints when a custom property does not resolve (never, on a styled page). */
export const UNRESOLVED_COLOR = '#808080';

/**
 * The type scale: `--fs-<step>`. Body text is 1rem (16px, `root`); the steps below it serve
 * controls, captions and notes, the ones above it headings (h1/h2 in running text keep the
 * browser's em-based sizes). `code` is relative to its text: a monospace face looks larger.
 */
export const FONT_SIZES = {
  root: '16px',
  code: '0.92em',
  '2xs': '0.7rem',
  xs: '0.78rem',
  sm: '0.85rem',
  md: '0.92rem',
  base: '1rem',
  lg: '1.15rem',
  xl: '1.3rem',
  '2xl': '1.5rem',
} as const;

/**
 * One chart text style, in px (SVG text): `--chart-<role>` for stylesheets, the numbers for code
 * that writes SVG itself (charts/chart-image.ts). Every chart's title, small-multiple panel title,
 * axis ticks and labels, legend, read-out and annotations use these.
 */
export const CHART_TEXT_PX = {
  /** A chart card's title. */
  title: 15,
  /** A panel's title inside a chart (small multiples, a figure's parts). */
  panel: 13,
  /** Legends and a chart's notes beside the plot. */
  legend: 13,
  /** The step read-out box. */
  readout: 12,
  /** Axis ticks, axis names, colour-bar ticks. */
  axis: 11,
  /** Marks drawn on a plot (a live knob change, a small multiple's label). */
  annotation: 10,
} as const;

/**
 * Line widths of chart marks (SVG user units = px; the loss curves' canvas pen too): `--stroke-<role>`.
 * Named by what they draw, so a chart says "a thin line", not 1.5, and charts agree. A mark whose
 * width is its size (a round-capped dot) or that frames another mark (a halo) has a role too: no
 * stroke width is written outside this list (the sweep in tokens.test.ts checks).
 */
export const STROKE_WIDTHS = {
  /** Seams between cells and the rims of small marks (a data point): felt, not seen. */
  fine: 0.6,
  /** Frames, ticks, guide rules, contour lines. */
  hairline: 1,
  /**
   * A light line: one under or beside a data line (per-batch noise, a dimmed series, a reference),
   * a descent path, a hollow mark's rim.
   */
  thin: 1.5,
  /** A data line. */
  line: 2,
  /** The emphasised line (a highlighted series), a marker, a selection's outline. */
  bold: 2.6,
  /**
   * The surface-coloured outline (`paint-order: stroke`) that keeps a label legible over the marks
   * under it; a line's halo is the line plus this.
   */
  halo: 3,
  /** A point drawn as a zero-length round-capped segment: its diameter. */
  dot: 6,
} as const;

/**
 * The spacing scale: `--space-<step>` is 2 × step px, for paddings, margins, gaps and insets. Every
 * even width up to 16 px (steps 1–8), for the insides of controls, chips, table cells and cards,
 * where 2 px shows (a chip's 2 px 6 px, a card's 12 px 14 px); then 24 and 32 px (steps 12 and 16)
 * between blocks and sections. Nothing else: a value off the scale rounds to its nearest step,
 * and the sweep in tokens.test.ts fails on a px spacing that is not a token. A negative
 * margin is `calc(-1 * var(--space-N))`; a distance that is a sum says so in a calc().
 */
export const SPACE_PX = { 1: 2, 2: 4, 3: 6, 4: 8, 5: 10, 6: 12, 7: 14, 8: 16, 12: 24, 16: 32 } as const;

/** The smallest pointer target, px each way (WCAG 2.5.8, Target Size (Minimum)): `--space-12`. */
export const TARGET_PX = SPACE_PX[12];

/** Corner radii: `--radius-<step>`. */
export const RADII = {
  xs: '2px',
  sm: '4px',
  /** Buttons, inputs, read-out boxes. */
  md: '6px',
  lg: '8px',
  /** View cards and lesson blocks. */
  xl: '10px',
  /** The course map's cards, the home hero, a bottom sheet's top. */
  '2xl': '12px',
  pill: '999px',
} as const;

/** `var(--name)`: how a component names a token. */
export const cssVar = (name: string): string => `var(--${name})`;

/** The custom properties of one theme, as `name: value` pairs. */
export function themeProperties(theme: ThemeName): [string, string][] {
  const props: [string, string][] = [
    ...Object.entries(UI_COLORS[theme]),
    ...Object.entries(PALETTE_COLORS[theme]).map(([k, v]): [string, string] => [`c-${k}`, v]),
    ...BOUNDARY_CLASS_COLORS[theme].map((v, i): [string, string] => [`boundary-class-${i}`, v]),
  ];
  if (theme === 'light') {
    props.push(
      ...SERIES_ORDER.map((k, i): [string, string] => [`c-s${i}`, cssVar(`c-${k}`)]),
      ...Object.entries(FONT_SIZES).map(([k, v]): [string, string] => [`fs-${k}`, v]),
      ...Object.entries(CHART_TEXT_PX).map(([k, v]): [string, string] => [`chart-${k}`, `${v}px`]),
      ...Object.entries(STROKE_WIDTHS).map(([k, v]): [string, string] => [`stroke-${k}`, `${v}`]),
      ...Object.entries(SPACE_PX).map(([k, v]): [string, string] => [`space-${k}`, `${v}px`]),
      ...Object.entries(RADII).map(([k, v]): [string, string] => [`radius-${k}`, v]),
    );
  }
  return props;
}

/**
 * The stylesheet of the tokens: light values (and every theme-independent token) on `:root`, the
 * dark colours under `:root[data-theme="dark"]` (app/theme.ts; never the media query, which the
 * reader's toggle could not override).
 */
export function tokensCss(): string {
  const block = (selector: string, theme: ThemeName) =>
    `${selector} {\n${themeProperties(theme)
      .map(([k, v]) => `  --${k}: ${v};`)
      .join('\n')}\n}\n`;
  return `/* Design tokens, generated from app/tokens.ts (the normlab-tokens plugin). */\n${block(':root', 'light')}${block(':root[data-theme="dark"]', 'dark')}`;
}
