import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute, type Route } from './route.ts';

describe('parseRoute', () => {
  it.each<[string, Route]>([
    ['', { page: 'home' }],
    ['#', { page: 'home' }],
    ['#/', { page: 'home' }],
    ['#/lessons', { page: 'lessons' }],
    ['#/lessons/', { page: 'lessons' }],
    ['#/lessons/4', { page: 'lesson', id: 4 }],
    ['#/lab', { page: 'lab' }],
    ['#/lab?lr=0.1&norm=bn', { page: 'lab' }],
    ['#/nowhere', { page: 'not-found', path: '/nowhere' }],
    ['#/lessons/abc', { page: 'not-found', path: '/lessons/abc' }],
    ['#/lessons/99999', { page: 'not-found', path: '/lessons/99999' }],
  ])('%s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('round-trips every known page', () => {
    const routes: Route[] = [
      { page: 'home' },
      { page: 'lessons' },
      { page: 'lesson', id: 7 },
      { page: 'lab' },
    ];
    for (const route of routes) expect(parseRoute(formatRoute(route))).toEqual(route);
  });
});
