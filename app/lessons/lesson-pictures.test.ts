// The course map's pictures are measured, not drawn: one per lesson, the same for the same
// preset, different for another seed, and showing what the engine does on the lesson's
// experiment (lesson 5's plain net diverges early at its learning rate; lesson 1's standardized
// descent converges long before the raw one).

import { describe, expect, it } from 'vitest';
import { LESSONS } from './catalog.ts';
import { LESSON_5 } from './lesson-5/preset.ts';
import { LESSON_6_CLAIMS } from './lesson-6/preset.ts';
import { binnedCurve, networkPicture, pictureJobs } from './lesson-pictures.ts';
import { withSeed } from './node-session.ts';
import { type LessonPicture, layoutPicture } from './picture.ts';

/** A cheap lesson's picture trains in well under a second idle; generous for a loaded machine. */
const TIMEOUT_MS = 60_000;

const jobs = pictureJobs();
const job = (lesson: number) => {
  const found = jobs.find((j) => j.lesson === lesson);
  if (!found) throw new Error(`no picture job for lesson ${lesson}`);
  return found;
};
/** Where a line series ends (its last x). */
const lastX = (p: LessonPicture, label: string): number => {
  const s = p.series.find((x) => x.label === label);
  if (!s) throw new Error(`no series ${label}`);
  return s.xy[s.xy.length - 2];
};

describe('lesson pictures', () => {
  it('one picture job per lesson of the course, in course order', () => {
    expect(jobs.map((j) => j.lesson)).toEqual(
      LESSONS.filter((l) => l.status === 'available').map((l) => l.id),
    );
    expect(jobs).toHaveLength(13);
  });

  it(
    'deterministic: the same preset gives the same picture (lessons 1, 3, 5)',
    () => {
      for (const lesson of [1, 3, 5])
        expect(job(lesson).make(), `lesson ${lesson}`).toEqual(job(lesson).make());
    },
    TIMEOUT_MS,
  );

  it(
    'lesson 5: the plain net diverges within 25 steps at the preset rate, BatchNorm trains all 300; another seed draws other curves',
    () => {
      const picture = networkPicture(5, LESSON_5);
      expect(picture.series.map((s) => s.label)).toEqual(['No norm', 'BatchNorm']);
      expect(lastX(picture, 'No norm')).toBeLessThanOrEqual(25);
      expect(lastX(picture, 'BatchNorm')).toBe(300);
      expect(picture.description).toMatch(/No norm \(diverged at step \d+\) vs BatchNorm/);
      expect(picture.yLog).toBe(true);
      expect(picture.y[0]).toBeGreaterThan(0);
      const other = networkPicture(5, withSeed(LESSON_5, 2));
      expect(other.series[1].xy).not.toEqual(picture.series[1].xy);
    },
    TIMEOUT_MS,
  );

  it('lesson 1: the standardized descent converges within 25 steps, the raw one runs all 200', () => {
    const picture = job(1).make();
    expect(lastX(picture, 'standardized')).toBeLessThanOrEqual(25);
    expect(lastX(picture, 'features 100× apart')).toBe(200);
  });

  it('lesson 3: the batch and BatchNorm’s output, 32 values each, the output centred per feature', () => {
    const picture = job(3).make();
    const [input, output] = picture.series;
    expect(input.xy).toHaveLength(64);
    expect(output.xy).toHaveLength(64);
    for (let row = 0; row < 4; row++) {
      const xs = output.xy.filter((_, i) => i % 2 === 0).filter((_, k) => output.xy[2 * k + 1] === row);
      expect(xs).toHaveLength(8);
      expect(Math.abs(xs.reduce((a, b) => a + b, 0) / 8)).toBeLessThan(1e-9);
    }
  });
});

describe('lesson pictures that teach (lessons 6, 7, 11, 12, 13: each its own panel’s measurement)', () => {
  const pictures = new Map<number, LessonPicture>();
  const make = (lesson: number) => {
    let p = pictures.get(lesson);
    if (!p) {
      p = job(lesson).make();
      pictures.set(lesson, p);
    }
    return p;
  };
  const ys = (p: LessonPicture, label: string) => {
    const s = p.series.find((x) => x.label === label);
    if (!s) throw new Error(`no series ${label}`);
    return s.xy.filter((_, i) => i % 2 === 1);
  };

  it(
    'lesson 6: three distinct eval-mode accuracy curves, momentum 0.01 far behind 0.1 at step 50 (the train losses would be one line)',
    () => {
      const p = make(6);
      expect(p.series.map((s) => s.label)).toEqual([
        'BN momentum 0.01',
        'BN momentum 0.1',
        'BN momentum 0.99',
      ]);
      const curves = p.series.map((s) => ys(p, s.label));
      for (const c of curves) expect(c).toHaveLength(20);
      expect(new Set(curves.map((c) => JSON.stringify(c))).size).toBe(3);
      const at50 = (label: string) => {
        const s = p.series.find((x) => x.label === label);
        return s?.xy[(s?.xy.indexOf(50) ?? -2) + 1];
      };
      expect((at50('BN momentum 0.1') ?? 0) - (at50('BN momentum 0.01') ?? 1)).toBeGreaterThanOrEqual(
        LESSON_6_CLAIMS.accuracyGapAt50,
      );
      expect(p.description).toMatch(/at step 100: BN momentum 0\.01 \d+\.\d %/);
    },
    TIMEOUT_MS,
  );

  it(
    'lesson 7: eval mode scores the same at every serving batch size; train mode serving digits alone scores below it',
    () => {
      const p = make(7);
      const evalMode = ys(p, 'eval mode');
      const trainMode = ys(p, 'train mode, by serving batch size');
      expect(evalMode).toHaveLength(6);
      expect(new Set(evalMode).size).toBe(1);
      expect(trainMode[0]).toBeLessThan(evalMode[0]);
      expect(p.description).toMatch(/eval mode score \d+\.\d %/);
    },
    TIMEOUT_MS,
  );

  it(
    'lesson 11: AdaBN wins back the washed-out shift (near clean), not the inversion',
    () => {
      const p = make(11);
      const clean = ys(p, 'clean digits')[0];
      const shifted = ys(p, 'shifted');
      const adapted = ys(p, 'after AdaBN');
      expect(shifted).toHaveLength(5);
      expect(shifted[0]).toBeLessThan(clean - 0.3);
      expect(adapted[0]).toBeGreaterThan(clean - 0.03);
      expect(adapted[3]).toBeLessThan(0.3);
    },
    TIMEOUT_MS,
  );

  it(
    'lesson 12: the logit spread falls as the batch grows',
    () => {
      const spread = ys(make(12), 'logit spread');
      expect(spread.length).toBeGreaterThanOrEqual(3);
      for (let i = 1; i < spread.length; i++) expect(spread[i]).toBeLessThan(spread[i - 1]);
    },
    TIMEOUT_MS,
  );

  it('lesson 13: float32 ends within 0.001 of the target, float16 stalls more than 1 short of it', () => {
    const p = make(13);
    const f32 = ys(p, 'float32');
    const f16 = ys(p, 'float16');
    expect(f32[f32.length - 1]).toBeLessThan(1e-3);
    expect(f16[f16.length - 1]).toBeGreaterThan(1);
    expect(p.description).toMatch(/float16 it stalls at 96\.875/);
  });

  it(
    'every picture differs from every other (lessons 7 and 13 share an experiment, not a picture)',
    () => {
      const cheap = [1, 3, 13];
      const all = [...cheap, 7, 11, 12].map((lesson) => make(lesson));
      const drawn = all.map((p) => JSON.stringify(p.series.map((s) => [s.kind, s.xy])));
      expect(new Set(drawn).size).toBe(all.length);
      expect(new Set(jobs.map((j) => j.key)).size).toBe(jobs.length);
    },
    TIMEOUT_MS,
  );
});

describe('binnedCurve', () => {
  it('means over equal runs of steps, each at the step its run ends', () => {
    expect(binnedCurve([1, 3, 5, 7, 9, 11], 3)).toEqual([2, 2, 4, 6, 6, 10]);
    expect(binnedCurve([4, 2], 5)).toEqual([1, 4, 2, 2]);
  });
});

describe('layoutPicture', () => {
  const picture: LessonPicture = {
    lesson: 1,
    description: '',
    x: [0, 10],
    y: [0.01, 1],
    yLog: true,
    series: [
      { label: 'a', color: 'var(--c-blue)', kind: 'line', xy: [0, 1, 5, Number.NaN, 10, 0.01] },
      { label: 'b', color: 'var(--c-grey)', kind: 'dots', xy: [0, 0.1] },
    ],
  };
  it('maps the domain onto the box (log y, top is high), breaks a line at a missing value, draws dots as points', () => {
    const { paths } = layoutPicture(picture, 100, 50, 0);
    expect(paths[0].d).toBe('M0,0M100,50');
    expect(paths[1].d).toBe('M0,25h0');
  });
});
