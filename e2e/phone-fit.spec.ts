// Nothing scrolls sideways (issue 19, items 1 and 4): at 390 × 844 every lesson screen and the
// Lab (default, a comparison, the lesson-7 CNN with its serving panel filled and the Code panel
// open) fit the viewport; at 1280 × 800 the Lab's sidebar controls fit their column. One page is
// reused per test so the sweep over all screens stays fast.

import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { LabPage, LessonPage } from './pages.ts';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
/** Containers that may scroll sideways inside their own box: code, formulas, wide tables. */
const WIDE_CONTENT = 'pre, .formula, .katex-display, .bn-table-wrap, .bns-scroll, .bns-channel';

interface Overflow {
  scrollWidth: number;
  innerWidth: number;
  /** Elements past the right edge, or scroll containers that scroll sideways, worst first. */
  offenders: string[];
}

/**
 * Measures the page in the browser: the document's scroll width, and every rendered element whose
 * right edge passes the viewport (or, with `within`, the right edge of its closest `within`
 * ancestor). Elements inside a container that clips or scrolls horizontally are that container's
 * business: only the container itself is measured.
 */
function measure(page: Page, within: string | null = null): Promise<Overflow> {
  return page.evaluate(
    ({ within, wide }) => {
      const selector = (el: Element): string => {
        const parts: string[] = [];
        for (let e: Element | null = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
          const cls = [...e.classList].slice(0, 2).join('.');
          parts.unshift(`${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${cls ? `.${cls}` : ''}`);
        }
        return parts.join(' > ');
      };
      const scrolls = (e: Element): boolean => getComputedStyle(e).overflowX !== 'visible';
      /** Inside a container (below `stop`) that clips or scrolls sideways: measured as that container. */
      const clipped = (el: Element, stop: Element | null): boolean => {
        for (let e = el.parentElement; e && e !== stop && e !== document.body; e = e.parentElement) {
          if (scrolls(e)) return true;
        }
        return false;
      };
      const found: { right: number; text: string }[] = [];
      for (const el of document.body.querySelectorAll('*')) {
        const rect = el.getBoundingClientRect();
        if (rect.width === 0 || rect.height === 0) continue;
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || style.position === 'fixed') continue;
        // Visually hidden text (screen-reader captions, KaTeX's MathML) is clipped to a pixel.
        if (style.clip !== 'auto' || rect.width <= 1) continue;
        // A scroll container whose content is wider than itself: only wide content (code, a
        // formula, a wide table) may scroll sideways inside its own box.
        if (scrolls(el) && el.scrollWidth > el.clientWidth + 1 && !el.matches(wide)) {
          const overflow = el.scrollWidth - el.clientWidth;
          found.push({ right: overflow, text: `${selector(el)} (scrolls sideways by ${overflow} px)` });
        }
        const box = within ? el.parentElement?.closest(within) : null;
        if (within && !box) continue;
        if (clipped(el, box ?? null)) continue;
        const limit = box ? box.getBoundingClientRect().right : window.innerWidth;
        if (rect.right > limit + 0.5) {
          found.push({
            right: rect.right - limit,
            text: `${selector(el)} (right ${Math.round(rect.right)} > ${Math.round(limit)})`,
          });
        }
      }
      found.sort((a, b) => b.right - a.right);
      return {
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        offenders: found.slice(0, 6).map((f) => f.text),
      };
    },
    { within, wide: WIDE_CONTENT },
  );
}

async function expectFits(page: Page, where: string, within: string | null = null): Promise<void> {
  const m = await measure(page, within);
  expect(
    m.offenders,
    `${where}: elements overflow (scrollWidth ${m.scrollWidth}, viewport ${m.innerWidth}); worst first`,
  ).toEqual([]);
  expect(m.scrollWidth, `${where}: the page scrolls sideways`).toBeLessThanOrEqual(m.innerWidth);
}

test.describe('at 390 × 844', () => {
  test.use({ viewport: PHONE });

  test('the course page and every screen of every lesson fit the phone', async ({ page }) => {
    test.setTimeout(120_000);
    const lesson = new LessonPage(page);
    const problems: string[] = [];
    const check = async (hash: string) => {
      const m = await measure(page);
      if (m.offenders.length > 0 || m.scrollWidth > m.innerWidth) {
        problems.push(`${hash} (scrollWidth ${m.scrollWidth}): ${m.offenders.join('; ')}`);
      }
    };
    // "Lesson 1 of N" names how many lessons there are; one still to come has a page, no screens.
    await page.goto('/#/');
    await expect(page.locator('main h1')).toBeVisible();
    await check('#/');
    await lesson.openLesson(1);
    const header = (await page.locator('.lesson-header').textContent()) ?? '';
    const total = Number(/Lesson 1 of (\d+)/.exec(header)?.[1]);
    expect(total, `lessons in "${header}"`).toBeGreaterThan(6);
    const lessons = Array.from({ length: total }, (_, i) => i + 1);
    for (const id of lessons) {
      await page.goto(`/#/lessons/${id}?step=1`);
      await expect(page.locator('main h1')).toBeVisible();
      const count =
        (await page
          .locator('.screen-count')
          .textContent({ timeout: 1000 })
          .catch(() => null)) ?? '';
      const screens = Number(/of (\d+)/.exec(count)?.[1] ?? 1);
      for (let step = 1; step <= screens; step++) {
        if (step > 1) await lesson.openLesson(id, `step=${step}`);
        if (count) await expect(page.locator('.screen-count')).toHaveText(`Screen ${step} of ${screens}`);
        await check(`#/lessons/${id}?step=${step}`);
      }
    }
    expect(problems, 'lesson screens that overflow at 390 px, worst element first').toEqual([]);
  });

  test('the site header stays one line on a 390 px phone, the current page’s link included', async ({
    page,
  }) => {
    // A wrapped header (the theme menu on a line of its own) costs 40 px of every phone screen.
    for (const hash of ['#/', '#/lessons', '#/lab', '#/lessons/2']) {
      await page.goto(`/${hash}`);
      await expect(page.locator('main h1')).toBeVisible();
      const header = page.locator('.site-header');
      const theme = header.getByRole('combobox', { name: 'Theme' });
      await expect(theme).toBeVisible();
      const [box, menu, brand] = await Promise.all([
        header.boundingBox(),
        theme.boundingBox(),
        header.locator('.brand').boundingBox(),
      ]);
      expect(box?.height, `${hash}: header height`).toBeLessThan(56);
      // On the brand's line: the menu's middle lies within the brand's height.
      const mid = (menu?.y ?? 0) + (menu?.height ?? 0) / 2;
      expect(mid, `${hash}: theme menu beside the brand`).toBeGreaterThan(brand?.y ?? 0);
      expect(mid, `${hash}: theme menu beside the brand`).toBeLessThan(
        (brand?.y ?? 0) + (brand?.height ?? 0),
      );
    }
  });

  test("lesson 7's serving panel fits the phone after training", async ({ page }) => {
    test.setTimeout(150_000);
    const lesson = new LessonPage(page);
    await lesson.openLesson(7, 'step=2');
    await lesson.playToCheckpoint(200);
    const serving = page.getByRole('region', { name: 'Serving: train mode vs eval mode' });
    await serving.scrollIntoViewIfNeeded();
    await expect(serving.getByRole('list', { name: 'Served test digits' })).toBeVisible();
    await serving.getByRole('button', { name: /^Test digit 0/ }).click();
    await serving.getByRole('slider', { name: 'Serving batch size' }).focus();
    await page.keyboard.press('End');
    // The headline names the batch size it was served at (item 7): 64 once the re-serve lands.
    const headline = serving.locator('.serving-accuracy');
    await expect(headline).toContainText('batch size 64', { timeout: 20_000 });
    await expect(headline).toHaveAttribute('aria-busy', 'false');
    await serving.getByRole('button', { name: 'Serve it with other batch-mates' }).click();
    await expect(serving.getByRole('list', { name: /Predictions for test digit 0/ })).toBeVisible();
    await page.screenshot({ path: 'test-results/phone-fit/lesson-7-serving.png', fullPage: true });
    await expectFits(page, '#/lessons/7?step=2 after serving');
  });

  test('the Lab fits the phone: default, a comparison, the CNN serving, the Code panel open', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    const lab = new LabPage(page);
    await lab.open();
    await expectFits(page, '#/lab');
    await lab.open('v=1&compare=norm&values=none,batchnorm');
    await lab.button('Play').click();
    await expect.poll(() => lab.step(), { timeout: 30_000 }).toBeGreaterThan(100);
    await lab.button('Pause').click();
    await lab.runRows().first().scrollIntoViewIfNeeded();
    await expectFits(page, '#/lab?v=1&compare=norm&values=none,batchnorm after training');

    await lab.open('v=1&dataset=mnist&model=cnn&norm=batchnorm&lr=0.005&optimizer=adam');
    await lab.button('Play').click();
    await expect.poll(() => lab.step(), { timeout: 30_000 }).toBeGreaterThan(30);
    await lab.button('Pause').click();
    const serving = page.getByRole('region', { name: 'Serving: train mode vs eval mode' });
    await serving.scrollIntoViewIfNeeded();
    await expect(serving.getByRole('list', { name: 'Served test digits' })).toBeVisible();
    const code = page.locator('details.code-twin');
    await code.locator('summary').click();
    await expect(code.locator('pre')).toBeVisible();
    await page.screenshot({ path: 'test-results/phone-fit/lab-cnn.png', fullPage: true });
    await expectFits(page, '#/lab with the CNN served and the Code panel open');
  });
});

test.describe('at 1280 × 800', () => {
  test.use({ viewport: DESKTOP });

  test("the Lab's sidebar controls fit their column and the page does not scroll sideways", async ({
    page,
  }) => {
    const lab = new LabPage(page);
    for (const query of ['', 'v=1&compare=norm&values=batchnorm,groupnorm,layernorm']) {
      await lab.open(query);
      const form = page.getByRole('form', { name: 'Experiment controls' });
      await expect(form).toBeVisible();
      const column = await form.evaluate((el) => {
        const aside = el.closest('aside') ?? el;
        return `${aside.tagName.toLowerCase()}${aside.className ? `.${aside.className.split(' ').join('.')}` : ''}`;
      });
      await expectFits(page, `#/lab?${query} (inside ${column})`, column);
      await expectFits(page, `#/lab?${query}`);
    }
  });
});
