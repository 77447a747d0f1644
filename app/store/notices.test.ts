import { describe, expect, it } from 'vitest';
import { store } from './index.ts';

describe('notices', () => {
  it('keeps each sentence once and at most the last 8', () => {
    const s = store.getState();
    s.dismissNotices();
    s.addNotices(['lr "x" is not a number; using 0.05', 'step 9 is past the end']);
    s.addNotices(['lr "x" is not a number; using 0.05']);
    expect(store.getState().notices).toEqual([
      'lr "x" is not a number; using 0.05',
      'step 9 is past the end',
    ]);
    s.addNotices(Array.from({ length: 10 }, (_, i) => `problem ${i}`));
    expect(store.getState().notices).toHaveLength(8);
    expect(store.getState().notices.at(-1)).toBe('problem 9');
    s.dismissNotices();
  });
});
