// `npm start`: install what is missing, build, and serve the production build on 127.0.0.1.
import { ensureDeps, run } from './lib.mjs';

ensureDeps();
if (run('npm', ['run', 'build', '--silent']) !== 0) {
  console.error('The build failed: see the output above.');
  process.exit(1);
}
const port = process.env.PORT ?? '4173';
console.log(`\nNormLab is running at http://127.0.0.1:${port}/  (Ctrl+C to stop)\n`);
process.exit(run('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', port, '--strictPort']));
