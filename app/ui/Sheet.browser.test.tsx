import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { Sheet } from './Sheet.tsx';

function Harness() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button">Before</button>
      <button type="button" onClick={() => setOpen(true)}>
        Open knobs
      </button>
      <Sheet open={open} onClose={() => setOpen(false)} title="Knobs">
        <label>
          Rate <input type="range" />
        </label>
        <label>
          Norm{' '}
          <select>
            <option>BN</option>
          </select>
        </label>
      </Sheet>
      <button type="button">After</button>
    </>
  );
}

const focusedName = () => {
  const el = document.activeElement as HTMLElement | null;
  return (
    el?.getAttribute('aria-label') ?? el?.closest('label')?.textContent?.trim() ?? el?.textContent?.trim()
  );
};

describe('Sheet (the live dock’s knob drawer)', () => {
  it('opens as a modal dialog holding focus: Tab and Shift+Tab stay inside, Escape closes, focus goes back to the opener', async () => {
    await render(<Harness />);
    expect(document.querySelector('input[type="range"]')).toBe(null); // nothing rendered while closed

    const opener = page.getByRole('button', { name: 'Open knobs' });
    await userEvent.click(opener);
    const dialog = page.getByRole('dialog', { name: 'Knobs' });
    await expect.element(dialog).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Close' })).toHaveFocus();
    // Modal: the page behind is inert (out of reach for the pointer, keyboard and assistive tech).
    expect(document.querySelector('dialog')?.matches(':modal')).toBe(true);

    await userEvent.tab();
    expect(focusedName()).toMatch(/^Rate/);
    await userEvent.tab();
    expect(focusedName()).toMatch(/^Norm/);
    await userEvent.tab(); // past the last control: back to the first, not to the page behind
    await expect.element(page.getByRole('button', { name: 'Close' })).toHaveFocus();
    await userEvent.tab({ shift: true }); // and backwards from the first to the last
    expect(focusedName()).toMatch(/^Norm/);

    await userEvent.keyboard('{Escape}');
    await expect.element(dialog).not.toBeInTheDocument();
    await expect.element(opener).toHaveFocus();
    expect(document.querySelector('input[type="range"]')).toBe(null);
  });

  it('closes with its Close button and returns focus to the opener', async () => {
    await render(<Harness />);
    const opener = page.getByRole('button', { name: 'Open knobs' });
    await userEvent.click(opener);
    await userEvent.click(page.getByRole('button', { name: 'Close' }));
    await expect.element(page.getByRole('dialog')).not.toBeInTheDocument();
    await expect.element(opener).toHaveFocus();
  });
});
