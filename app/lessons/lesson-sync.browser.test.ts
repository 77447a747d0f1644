// A link that arrives while a lesson is starting (a reload followed at once by another address,
// before the lesson listens for address changes) is the reader's, not the lesson's: the lesson's
// canonical rewrite must not overwrite it, and LessonPage loads it afresh (isNewLink).

import { afterEach, describe, expect, it } from 'vitest';
import { hashQuery, isNewLink, isOwnHash, writeLessonUrl } from './lesson-sync.ts';

const setHash = (hash: string) => window.history.replaceState(null, '', hash);

describe('lesson links while a lesson starts', () => {
  afterEach(() => setHash('#/'));

  it('a link typed after the lesson read its own is new, and the lesson does not overwrite it', () => {
    setHash('#/lessons/4?step=1');
    expect(hashQuery()).toBe('step=1');
    expect(isNewLink()).toBe(false);
    setHash('#/lessons/4?step=%2B2');
    expect(isNewLink()).toBe(true);
    writeLessonUrl(4, 1, '');
    expect(window.location.hash).toBe('#/lessons/4?step=%2B2');
  });

  it('the link the lesson read and its own rewrites are not new', () => {
    setHash('#/lessons/4?step=02');
    hashQuery();
    writeLessonUrl(4, 1, '');
    expect(window.location.hash).toBe('#/lessons/4?step=1');
    expect(isOwnHash()).toBe(true);
    expect(isNewLink()).toBe(false);
    writeLessonUrl(4, 2, '');
    expect(window.location.hash).toBe('#/lessons/4?step=2');
    expect(isNewLink()).toBe(false);
  });
});
