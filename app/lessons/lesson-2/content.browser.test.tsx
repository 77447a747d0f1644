// Lesson 2's text names the diagnostics' reference line as the chart labels it (issue 19,
// fresh-eyes pass): the text said "the 1e-3 line" beside a chart whose line reads "10⁻³ rule of thumb".

import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-react';
import { REFERENCE_LABEL } from '../../views/model/diagnostics-layout.ts';
import { content } from './content.tsx';

describe('lesson 2 text', () => {
  it('names the update-ratio reference line with the diagnostics chart’s own label', async () => {
    const screen = content.screens.find((s) => s.title === 'Vanishing gradients');
    const { container } = await render(<div>{screen?.body}</div>);
    const text = container.textContent ?? '';
    expect(REFERENCE_LABEL).toBe('10⁻³ rule of thumb');
    expect(text).toContain(`the “${REFERENCE_LABEL}” line`);
    expect(text).not.toContain('1e-3');
  });
});
