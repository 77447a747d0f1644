/** The package.json version, injected by Vite's `define`. */
declare const __APP_VERSION__: string;

/** The course map's lesson pictures, measured at build time (scripts/lesson-pictures-plugin.ts). */
declare module 'virtual:lesson-pictures' {
  const pictures: import('./lessons/picture.ts').LessonPicture[];
  export default pictures;
}
