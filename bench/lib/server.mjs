// A tiny static server on 127.0.0.1 (ephemeral port) for the Chromium run: the page, the worker
// bundle from bench/dist and the tfjs-backend-wasm binaries, all from one origin. It sends the
// cross-origin-isolation headers so the wasm backend may use its threaded SIMD build, as a site
// that wants TF.js at its best would.

import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

const PAGE =
  '<!doctype html><meta charset="utf-8"><title>NormLab bench</title><p>NormLab engine benchmark</p>';

/**
 * Serves '/' (an empty page), '/dist/<file>' from distDir and '/wasm/<file>.wasm' from wasmDir.
 * Resolves to { origin, close() }.
 */
export function startServer({ distDir, wasmDir }) {
  const server = createServer(async (req, res) => {
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    };
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    let file = null;
    if (path.startsWith('/dist/')) file = join(distDir, normalize(path.slice('/dist/'.length)));
    else if (path.startsWith('/wasm/') && path.endsWith('.wasm'))
      file = join(wasmDir, normalize(path.slice(6)));
    try {
      if (path === '/') {
        res.writeHead(200, { ...headers, 'Content-Type': TYPES['.html'] }).end(PAGE);
      } else if (path === '/favicon.ico') {
        res.writeHead(204, headers).end();
      } else if (file && !file.includes('..')) {
        const body = await readFile(file);
        res.writeHead(200, {
          ...headers,
          'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        });
        res.end(body);
      } else {
        res.writeHead(404, headers).end('not found');
      }
    } catch {
      res.writeHead(404, headers).end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
