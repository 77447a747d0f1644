// Each page's title and description (document.title and the meta description), so a tab, a
// bookmark and a shared link say which page it is. Lesson titles and summaries come from the
// course outline (lessons/catalog.ts); the site's own line is index.html's, read once.

import { useEffect } from 'react';
import { LESSONS } from '../lessons/catalog.ts';
import type { Route } from '../route.ts';

export interface PageMeta {
  title: string;
  description: string;
}

const SITE = 'NormLab';
const SITE_DESCRIPTION =
  'NormLab: an interactive course on normalization in neural networks, with real networks training in your browser.';

/** The title and description of a route's page. */
export function pageMeta(route: Route): PageMeta {
  switch (route.page) {
    case 'home':
      return {
        title: `${SITE} — normalization in neural networks, trained live`,
        description: SITE_DESCRIPTION,
      };
    case 'lessons':
      return {
        title: `The course: ${LESSONS.length} lessons · ${SITE}`,
        description: `${LESSONS.length} lessons on normalization, from input scaling to shipping, each around one live experiment: ${LESSONS.map((l) => l.title).join('; ')}.`,
      };
    case 'lesson': {
      const lesson = LESSONS.find((l) => l.id === route.id);
      if (!lesson) return { title: `Lesson not found · ${SITE}`, description: SITE_DESCRIPTION };
      return { title: `${lesson.id}. ${lesson.title} · ${SITE}`, description: lesson.summary };
    }
    case 'lab':
      return {
        title: `The Lab · ${SITE}`,
        description:
          'Train small networks with and without BatchNorm, LayerNorm, GroupNorm, InstanceNorm and RMSNorm, compare them side by side, and share the experiment as a link.',
      };
    case 'not-found':
      return { title: `Page not found · ${SITE}`, description: SITE_DESCRIPTION };
  }
}

/** Keeps document.title and the meta description on the current route's page. */
export function usePageMeta(route: Route): void {
  const { title, description } = pageMeta(route);
  useEffect(() => {
    document.title = title;
    let meta = document.querySelector<HTMLMetaElement>('meta[name="description"]');
    if (!meta) {
      meta = document.createElement('meta');
      meta.name = 'description';
      document.head.append(meta);
    }
    meta.content = description;
  }, [title, description]);
}
