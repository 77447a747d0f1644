// Hash routing: every view lives behind `#/...`, so reloading any URL or opening it in a new
// tab works on any static host, from any sub-path, with no server rewrites.

export type Route =
  | { page: 'home' }
  | { page: 'lessons' }
  | { page: 'lesson'; id: number }
  | { page: 'lab' }
  | { page: 'not-found'; path: string };

/** Parses `location.hash` (with or without the leading '#'). Total: never throws. */
export function parseRoute(hash: string): Route {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  const path = raw.split('?')[0].replace(/\/+$/, '') || '/';
  if (path === '/' || path === '') return { page: 'home' };
  if (path === '/lessons') return { page: 'lessons' };
  if (path === '/lab') return { page: 'lab' };
  const lesson = /^\/lessons\/(\d{1,3})$/.exec(path);
  if (lesson) return { page: 'lesson', id: Number(lesson[1]) };
  return { page: 'not-found', path };
}

/** Formats a route as a hash, the inverse of parseRoute for every known page. */
export function formatRoute(route: Route): string {
  switch (route.page) {
    case 'home':
      return '#/';
    case 'lessons':
      return '#/lessons';
    case 'lesson':
      return `#/lessons/${route.id}`;
    case 'lab':
      return '#/lab';
    case 'not-found':
      return `#${route.path}`;
  }
}
