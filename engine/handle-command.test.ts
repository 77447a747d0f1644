import { describe, expect, it } from 'vitest';
import { HELLO_SAMPLE_SIZE, handleCommand } from './handle-command.ts';
import { Rng } from './rng.ts';

describe('handleCommand', () => {
  it('hello replies with the seeded stream the page can compare against node', () => {
    const [event] = handleCommand({ type: 'hello', seed: 42 });
    const rng = new Rng(42);
    expect(event).toEqual({
      type: 'hello',
      seed: 42,
      sample: Array.from({ length: HELLO_SAMPLE_SIZE }, () => rng.nextUint32()),
    });
  });

  it('an unknown command becomes an error event instead of a throw', () => {
    const events = handleCommand({ type: 'nope' } as never);
    expect(events).toEqual([{ type: 'error', message: 'unhandled message: "nope"' }]);
  });
});
