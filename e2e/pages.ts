// Page objects: what a journey can see and do, by role and label.

import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Opens an address of the app and waits until the address's page shows (not the shell's
 * "Loading…"). Each page is a chunk of its own (app/pages/page-chunks.ts) that is fetched, run
 * and rendered after the document's load event, where `goto` returns; when the whole app was one
 * script, that work came before it. So opening an address waits for its page as navigating
 * waited for the script (within the test's time), and a journey's assertions then get their usual
 * few seconds for what they check, not for loading the page's code on a busy machine.
 */
export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await pageShown(page);
}

/** Waits until the routed page shows (after a `goto` or a reload; see `openApp`). */
export async function pageShown(page: Page): Promise<void> {
  await page.locator('#main > :not(.page-loading)').first().waitFor({ timeout: 0 });
}

export class ShellPage {
  constructor(readonly page: Page) {}

  async open(hash: string): Promise<void> {
    await openApp(this.page, `/${hash}`);
  }

  nav(name: 'Course' | 'Lab'): Locator {
    return this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  }

  async expectEngineReady(): Promise<void> {
    await expect(this.page.getByText(/Engine: ready in a Web Worker/)).toBeVisible();
  }
}

export class LabPage {
  constructor(readonly page: Page) {}

  async open(query = ''): Promise<void> {
    await openApp(this.page, `/#/lab${query ? `?${query}` : ''}`);
    await expect(this.page.getByRole('heading', { level: 1, name: 'The Lab' })).toBeVisible();
  }

  control(name: string | RegExp): Locator {
    return this.page.getByRole('form', { name: 'Experiment controls' }).getByLabel(name);
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  status(): Locator {
    return this.page.locator('.status');
  }

  /** The step count shown in the status line. */
  async step(): Promise<number> {
    const text = (await this.status().textContent()) ?? '';
    const match = /step ([\d,]+)/.exec(text);
    return match ? Number(match[1].replace(/,/g, '')) : 0;
  }

  /** The step once the rounds still in flight at a pause have landed (two equal reads 250 ms apart). */
  async settledStep(): Promise<number> {
    let last = await this.step();
    for (let i = 0; i < 40; i++) {
      await this.page.waitForTimeout(250);
      const now = await this.step();
      if (now === last) return now;
      last = now;
    }
    return last;
  }

  /** The "Import experiment" file input (lab/ExportMenu.tsx). */
  importInput(): Locator {
    return this.page.getByLabel('Import experiment');
  }

  /** A chart's download button, e.g. ('Training loss', 'PNG'). */
  chartDownload(title: string, format: 'PNG' | 'SVG'): Locator {
    return this.page.getByRole('button', { name: `Download ${title} as ${format}`, exact: true });
  }

  /** The network diagram's unit pictures of one run ("Hidden units of BatchNorm"; "Hidden units" alone). */
  unitPictures(run?: string): Locator {
    const name = run ? `Hidden units of ${run}` : 'Hidden units';
    return this.page.locator('[data-view="network"]').getByRole('region', { name, exact: true });
  }

  /** The model step the unit pictures show (NaN before the first answer). */
  async unitPicturesStep(run?: string): Promise<number> {
    const text =
      (await this.unitPictures(run)
        .getByText(/model at step [\d,]+/)
        .textContent()) ?? '';
    return Number(/model at step ([\d,]+)/.exec(text)?.[1].replace(/,/g, '') ?? Number.NaN);
  }

  runRows(): Locator {
    return this.page.getByRole('table', { name: 'Runs' }).locator('tbody tr');
  }

  /**
   * Scrolls the run table into view (like a reader; it renders only while on screen) and waits
   * until a run's step column shows `step`.
   */
  async showRunsAt(step: number): Promise<void> {
    await this.runRows().first().scrollIntoViewIfNeeded();
    const cell = this.runRows().locator('td:nth-child(2)', {
      hasText: new RegExp(`^${step.toLocaleString('en-US')}$`),
    });
    await expect(cell.first()).toBeVisible();
  }
}

/** The course map (`#/lessons`): parts, and one card per lesson with its picture and progress. */
export class CourseMapPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await openApp(this.page, '/#/lessons');
    await expect(this.page.getByRole('heading', { level: 1, name: 'The course' })).toBeVisible();
  }

  /** A part's section, by its heading (e.g. "Why normalize"). */
  part(title: string | RegExp): Locator {
    return this.page.getByRole('region', { name: title });
  }

  /** Every lesson card. */
  cards(): Locator {
    return this.page.locator('.map-card');
  }

  /** A lesson's card, by its title link. */
  card(title: string | RegExp): Locator {
    return this.page.getByRole('listitem').filter({ has: this.page.getByRole('link', { name: title }) });
  }
}

export class LessonPage extends LabPage {
  async openLesson(id: number, query = ''): Promise<void> {
    await openApp(this.page, `/#/lessons/${id}${query ? `?${query}` : ''}`);
    await expect(this.page.locator('.lesson-header h1')).toBeVisible();
  }

  live(): Locator {
    return this.page.getByRole('region', { name: 'Live experiment' });
  }

  /** The live panel's note saying at which step Play pauses by itself. */
  checkpointNote(): Locator {
    return this.live().getByText(/^Play pauses at step/);
  }

  screenTitle(): Locator {
    return this.page.locator('#screen-title');
  }

  tryThis(label: string | RegExp): Locator {
    return this.page.getByRole('region', { name: 'Try this' }).getByRole('button', { name: label });
  }

  /** A predict-then-run exercise, by its question. */
  exercise(question: string | RegExp): Locator {
    return this.page.getByRole('region', { name: 'Predict, then run' }).getByRole('form', { name: question });
  }

  /** The feature-map view (lesson 7, lesson 10, the Lab with the CNN). */
  featureMaps(): Locator {
    return this.page.getByRole('region', { name: 'Feature maps of the served digit' });
  }

  /** Presses Play and waits until training pauses by itself at the lesson's checkpoint. */
  async playToCheckpoint(checkpoint: number, timeoutMs = 90_000): Promise<number> {
    const started = Date.now();
    await this.button('Play').click();
    await expect(this.status()).toContainText(`Paused · step ${checkpoint.toLocaleString('en-US')}`, {
      timeout: timeoutMs,
    });
    return (Date.now() - started) / 1000;
  }

  /** The test accuracy (percent) shown in the run table for a run label. */
  async runAccuracy(label: string | RegExp): Promise<number> {
    const row = this.runRows().filter({
      has: this.page.getByRole('rowheader', { name: label, exact: true }),
    });
    // Columns: step, train loss, test accuracy, ms / step. The table renders only while on
    // screen, so bring it there (as a reader would) and let it catch up with the run.
    await row.scrollIntoViewIfNeeded();
    const cell = row.locator('td').nth(2);
    await expect(cell).toHaveText(/^\d+(?:\.\d+)? %$/);
    const text = (await cell.textContent()) ?? '';
    const match = /^(\d+(?:\.\d+)?) %$/.exec(text.trim());
    if (!match) throw new Error(`no accuracy in the run row of ${label}: "${text}"`);
    return Number(match[1]);
  }
}

/** The home page and its live hero (pages/HomeHero.tsx). */
export class HomePage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await openApp(this.page, '/#/');
    await expect(this.hero()).toBeVisible();
  }

  hero(): Locator {
    return this.page.getByRole('region', { name: 'Live comparison' });
  }

  button(name: string): Locator {
    return this.hero().getByRole('button', { name, exact: true });
  }

  /** The hero's step counter ("Step 14 of 500"): the step reached. */
  async step(): Promise<number> {
    const text = (await this.hero().locator('.hero-step').textContent()) ?? '';
    const match = /Step ([\d,]+) of/.exec(text);
    return match ? Number(match[1].replace(/,/g, '')) : 0;
  }
}
