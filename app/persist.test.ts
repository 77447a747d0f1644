import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '#engine';
import {
  browserStorage,
  emptySavedState,
  loadSavedState,
  MAX_SAVED_CHARS,
  NEWER_VERSION_ISSUE,
  PARTLY_RESET_ISSUE,
  RESET_ISSUE,
  SAVED_STATE_KEY,
  type SavedState,
  type StorageReader,
  type StorageWriter,
  saveState,
  updateSavedState,
} from './persist.ts';
import { formatExperimentParams, MAX_QUERY_CHARS, parseExperimentParams } from './url/experiment-codec.ts';

/** An in-memory Storage slice, optionally failing like Safari private mode or a full quota. */
function fakeStorage(initial: Record<string, string> = {}, fail?: 'read' | 'write') {
  const items = new Map(Object.entries(initial));
  const storage: StorageReader & StorageWriter = {
    getItem(key) {
      if (fail === 'read') throw new DOMException('The operation is insecure.', 'SecurityError');
      return items.get(key) ?? null;
    },
    setItem(key, value) {
      if (fail === 'write') throw new DOMException('Quota exceeded', 'QuotaExceededError');
      items.set(key, value);
    },
  };
  return { storage, items };
}

const stored = (value: unknown): StorageReader =>
  fakeStorage({ [SAVED_STATE_KEY]: typeof value === 'string' ? value : JSON.stringify(value) }).storage;

const STATE: SavedState = {
  version: 1,
  lab: { query: formatExperimentParams({ config: { ...DEFAULT_CONFIG, lr: 0.2, norm: 'layernorm' } }) },
  lessons: {
    1: { completed: true, step: 4, answered: true },
    2: {
      completed: false,
      step: 2,
      predictions: { 'plain-accuracy': { guess: 0, measured: 0.5 }, 'xavier-accuracy': { guess: 2 } },
    },
    13: { completed: false, step: 1, answered: false },
  },
};

describe('loadSavedState', () => {
  it('nothing saved (or no storage at all): empty state, no issues', () => {
    expect(loadSavedState(null)).toEqual({ state: emptySavedState(), issues: [] });
    expect(loadSavedState(fakeStorage().storage)).toEqual({ state: emptySavedState(), issues: [] });
  });

  it('reads back a valid state unchanged', () => {
    expect(loadSavedState(stored(STATE))).toEqual({ state: STATE, issues: [] });
  });

  it('ignores unknown extra fields silently', () => {
    const extra = { ...STATE, font: 'large', lessons: { 2: { completed: false, step: 2, note: 'x' } } };
    expect(loadSavedState(stored(extra))).toEqual({
      state: { ...STATE, lessons: { 2: { completed: false, step: 2 } } },
      issues: [],
    });
  });

  it('a storage whose getItem throws (Safari private mode): reset, never throws', () => {
    expect(loadSavedState(fakeStorage({}, 'read').storage)).toEqual({
      state: emptySavedState(),
      issues: [RESET_ISSUE],
    });
  });

  it.each<[string, unknown]>([
    ['corrupt JSON', '{"version":1,'],
    ['empty string', ''],
    ['not JSON at all', '<script>alert(1)</script>'],
    ['JSON null', 'null'],
    ['a number', 42],
    ['a string', 'hello'],
    ['an array', [STATE]],
    ['no version', { lab: null, lessons: {} }],
    ['old version 0', { ...STATE, version: 0 }],
    ['version as a string', { ...STATE, version: '1' }],
    ['too large', JSON.stringify({ ...STATE, padding: 'x'.repeat(MAX_SAVED_CHARS) })],
  ])('%s: whole state reset with one issue', (_, value) => {
    expect(loadSavedState(stored(value))).toEqual({ state: emptySavedState(), issues: [RESET_ISSUE] });
  });

  it.each<[string, unknown, Partial<SavedState>]>([
    ['lab is a number', { ...STATE, lab: 5 }, { lab: null }],
    ['lab is missing', { version: 1, lessons: STATE.lessons }, { lab: null }],
    ['lab.query is not a string', { ...STATE, lab: { query: 3 } }, { lab: null }],
    ['lab.query is too long', { ...STATE, lab: { query: 'x'.repeat(MAX_QUERY_CHARS + 1) } }, { lab: null }],
    ['lessons is an array', { ...STATE, lessons: [1, 2] }, { lessons: {} }],
    ['lessons is null', { ...STATE, lessons: null }, { lessons: {} }],
    ['lessons is missing', { version: 1, lab: STATE.lab }, { lessons: {} }],
    ...(
      [
        ['lesson id is not a number', 'abc', { completed: true, step: 1 }],
        ['lesson id 0', '0', { completed: true, step: 1 }],
        ['lesson id 1000', '1000', { completed: true, step: 1 }],
        ['lesson id with a leading zero', '05', { completed: true, step: 1 }],
        ['lesson id __proto__', '__proto__', { completed: true, step: 1 }],
        ['lesson entry is not an object', '5', true],
        ['completed is a string', '5', { completed: 'yes', step: 1 }],
        ['completed is missing', '5', { step: 1 }],
        ['step 0', '5', { completed: true, step: 0 }],
        ['step 21', '5', { completed: true, step: 21 }],
        ['step 2.5', '5', { completed: true, step: 2.5 }],
        ['step as a string', '5', { completed: true, step: '3' }],
        ['answered is a string', '5', { completed: true, step: 1, answered: 'no' }],
        ['predictions is an array', '5', { completed: true, step: 1, predictions: [] }],
        [
          'a prediction id with capitals',
          '5',
          { completed: true, step: 1, predictions: { Bad: { guess: 0 } } },
        ],
        [
          'a prediction id __proto__',
          '5',
          { completed: true, step: 1, predictions: JSON.parse('{"__proto__":{"guess":0}}') },
        ],
        [
          'a guess that is no choice index',
          '5',
          { completed: true, step: 1, predictions: { a: { guess: 1.5 } } },
        ],
        ['a negative guess', '5', { completed: true, step: 1, predictions: { a: { guess: -1 } } }],
        [
          'a guess past the last choice',
          '5',
          { completed: true, step: 1, predictions: { a: { guess: 10 } } },
        ],
        [
          'a measured value as a string',
          '5',
          { completed: true, step: 1, predictions: { a: { guess: 0, measured: '0.5' } } },
        ],
        [
          'a measured value that is null',
          '5',
          { completed: true, step: 1, predictions: { a: { guess: 0, measured: null } } },
        ],
        [
          'too many predictions',
          '5',
          {
            completed: true,
            step: 1,
            predictions: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`e${i}`, { guess: 0 }])),
          },
        ],
      ] as const
    ).map(([name, id, entry]): [string, unknown, Partial<SavedState>] => [
      name,
      { ...STATE, lessons: { ...STATE.lessons, [id]: entry } },
      {},
    ]),
    ['theme is not a known choice', { ...STATE, theme: 'sepia' }, {}],
    ['theme is null', { ...STATE, theme: null }, {}],
  ])('%s: the readable parts are kept, one issue', (_, value, patch) => {
    expect(loadSavedState(stored(value))).toEqual({
      state: { ...STATE, ...patch },
      issues: [PARTLY_RESET_ISSUE],
    });
  });

  it('a lesson id given as own "__proto__" key does not reach the prototype', () => {
    const { state } = loadSavedState(
      stored(`{"version":1,"lab":null,"lessons":{"__proto__":{"completed":true,"step":1}}}`),
    );
    expect(Object.getPrototypeOf(state.lessons)).toBe(Object.prototype);
    expect(Object.keys(state.lessons)).toEqual([]);
  });
});

describe('saveState', () => {
  it('writes JSON under one key and loads back the same state', () => {
    const { storage, items } = fakeStorage();
    expect(saveState(storage, STATE)).toEqual({ ok: true });
    expect(JSON.parse(items.get(SAVED_STATE_KEY) ?? '')).toEqual(STATE);
    expect(loadSavedState(storage)).toEqual({ state: STATE, issues: [] });
  });

  it("the Lab query goes back through the codec's validation", () => {
    const { storage } = fakeStorage();
    saveState(storage, STATE);
    const { state } = loadSavedState(storage);
    const parsed = parseExperimentParams(state.lab?.query ?? '');
    expect(parsed.issues).toEqual([]);
    expect(parsed.config).toEqual({ ...DEFAULT_CONFIG, lr: 0.2, norm: 'layernorm' });
  });

  it('a full or throwing storage is reported, never thrown', () => {
    expect(saveState(fakeStorage({}, 'write').storage, STATE)).toEqual({
      ok: false,
      issue: 'Progress could not be saved (browser storage is unavailable or full)',
    });
  });

  it('no storage is reported', () => {
    expect(saveState(null, STATE)).toEqual({ ok: false, issue: 'Progress cannot be saved in this browser' });
  });

  it('an unserializable state is reported, never thrown', () => {
    const bad = { ...STATE, lab: { query: 1n } } as unknown as SavedState;
    expect(saveState(fakeStorage().storage, bad).ok).toBe(false);
  });
});

describe('browserStorage', () => {
  const original = Object.getOwnPropertyDescriptor(globalThis, 'localStorage');
  afterEach(() => {
    if (original) Object.defineProperty(globalThis, 'localStorage', original);
    else Reflect.deleteProperty(globalThis, 'localStorage');
  });

  it('returns localStorage when there is one', () => {
    const { storage } = fakeStorage();
    Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true });
    expect(browserStorage()).toBe(storage);
  });

  it('returns null when reading localStorage throws (storage disabled)', () => {
    Object.defineProperty(globalThis, 'localStorage', {
      get() {
        throw new DOMException('Access is denied', 'SecurityError');
      },
      configurable: true,
    });
    expect(browserStorage()).toBeNull();
  });
});

describe("a newer version's save", () => {
  const NEWER = JSON.stringify({ ...STATE, version: 2, lessons: { 1: { done: 'a future format' } } });

  it('is not read: this version starts from the defaults, with one notice', () => {
    expect(loadSavedState(stored(NEWER))).toEqual({
      state: emptySavedState(),
      issues: [NEWER_VERSION_ISSUE],
      newer: true,
    });
  });

  it('is never overwritten, so rolling a deploy back and forth loses nothing', () => {
    const { storage, items } = fakeStorage({ [SAVED_STATE_KEY]: NEWER });
    expect(updateSavedState(storage, { lab: null, lessons: { 2: { completed: true, step: 3 } } })).toEqual({
      ok: false,
      issue: NEWER_VERSION_ISSUE,
    });
    expect(items.get(SAVED_STATE_KEY)).toBe(NEWER);
  });
});

describe('updateSavedState: each writer changes only what it owns', () => {
  const read = (items: Map<string, string>) => JSON.parse(items.get(SAVED_STATE_KEY) ?? 'null');

  it('the Lab saving its experiment keeps every lesson as stored', () => {
    const { storage, items } = fakeStorage({ [SAVED_STATE_KEY]: JSON.stringify(STATE) });
    expect(updateSavedState(storage, { lab: { query: 'v=1&norm=layernorm' } })).toEqual({ ok: true });
    expect(read(items)).toEqual({ ...STATE, lab: { query: 'v=1&norm=layernorm' } });
  });

  it('a lesson saving its entry keeps the other lessons and the Lab', () => {
    const { storage, items } = fakeStorage({ [SAVED_STATE_KEY]: JSON.stringify(STATE) });
    updateSavedState(storage, { lessons: { 2: { completed: false, step: 3 } } });
    expect(read(items)).toEqual({
      ...STATE,
      lessons: { ...STATE.lessons, 2: { completed: false, step: 3 } },
    });
  });

  it("two tabs writing in turn: neither loses the other's change", () => {
    const { storage, items } = fakeStorage();
    updateSavedState(storage, { lessons: { 2: { completed: false, step: 3 } } }); // tab B, lesson 2
    updateSavedState(storage, { lab: { query: 'v=1&lr=0.2' } }); // tab A, the Lab
    updateSavedState(storage, { lessons: { 4: { completed: true, step: 2, answered: true } } }); // tab B again
    expect(read(items)).toEqual({
      version: 1,
      lab: { query: 'v=1&lr=0.2' },
      lessons: { 2: { completed: false, step: 3 }, 4: { completed: true, step: 2, answered: true } },
    });
  });

  it('the theme toggle saving its choice keeps the Lab and the lessons; they keep the theme', () => {
    const { storage, items } = fakeStorage({ [SAVED_STATE_KEY]: JSON.stringify(STATE) });
    updateSavedState(storage, { theme: 'dark' });
    expect(read(items)).toEqual({ ...STATE, theme: 'dark' });
    updateSavedState(storage, { lab: { query: 'v=1&lr=0.2' } });
    expect(read(items)).toEqual({ ...STATE, lab: { query: 'v=1&lr=0.2' }, theme: 'dark' });
    expect(loadSavedState(storage).state.theme).toBe('dark');
    updateSavedState(storage, { theme: 'system' });
    expect(loadSavedState(storage)).toEqual({
      state: { ...STATE, lab: { query: 'v=1&lr=0.2' }, theme: 'system' },
      issues: [],
    });
  });

  it('starts from an empty state when nothing (or something corrupt) is stored', () => {
    const { storage, items } = fakeStorage({ [SAVED_STATE_KEY]: '{"version":1,' });
    updateSavedState(storage, { lessons: { 1: { completed: true, step: 4 } } });
    expect(read(items)).toEqual({ version: 1, lab: null, lessons: { 1: { completed: true, step: 4 } } });
  });

  it('reports a missing or failing storage instead of throwing', () => {
    expect(updateSavedState(null, { lab: null }).ok).toBe(false);
    expect(updateSavedState(fakeStorage({}, 'write').storage, { lab: null }).ok).toBe(false);
  });
});
