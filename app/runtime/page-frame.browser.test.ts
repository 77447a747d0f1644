import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterDraws, afterNextFrame, FRAME_TIMEOUT_MS, MAX_DRAW_FRAMES } from './page-frame.ts';

afterEach(() => vi.restoreAllMocks());

describe('afterNextFrame', () => {
  it('resolves after the next frame has run its animation callbacks, not before', async () => {
    const order: string[] = [];
    // Registered after afterNextFrame's own callback: still the same frame, so it runs first.
    const waited = afterNextFrame().then(() => order.push('resolved'));
    requestAnimationFrame(() => order.push('frame'));
    await waited;
    expect(order).toEqual(['frame', 'resolved']);
  });

  it('resolves at once on a hidden page, which draws no frames', async () => {
    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    const raf = vi.spyOn(window, 'requestAnimationFrame');
    const t0 = performance.now();
    await afterNextFrame();
    expect(raf).not.toHaveBeenCalled();
    expect(performance.now() - t0).toBeLessThan(FRAME_TIMEOUT_MS);
  });

  it('gives up waiting after FRAME_TIMEOUT_MS when no frame comes', async () => {
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation(() => 0); // frames never come
    const t0 = performance.now();
    await afterNextFrame();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(FRAME_TIMEOUT_MS - 1);
  });
});

describe('afterDraws', () => {
  /** Counts the frames drawn until `promise` settles. */
  async function framesUntil(promise: Promise<void>): Promise<number> {
    let frames = 0;
    let done = false;
    const count = () => {
      if (done) return;
      frames++;
      requestAnimationFrame(count);
    };
    requestAnimationFrame(count);
    await promise;
    done = true;
    return frames;
  }

  it('waits one frame when nothing is left to draw after it', async () => {
    expect(await framesUntil(afterDraws(() => false))).toBe(1);
  });

  it('waits for the frames that still have draws queued, and no more', async () => {
    let left = 3; // draws queued for three more frames after the first
    const pending = () => left-- > 0;
    expect(await framesUntil(afterDraws(pending))).toBe(4);
  });

  it('gives up after MAX_DRAW_FRAMES when the draws never end', async () => {
    expect(await framesUntil(afterDraws(() => true))).toBe(MAX_DRAW_FRAMES);
  });
});
