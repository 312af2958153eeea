/** Serves the built web interface (`ui/dist`) with a fallback to `index.html` for the single-page app's own paths. */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VigieFastify } from './types.js';

export interface StaticUi {
  /** Whether `ui/dist/index.html` was found at startup. */
  readonly built: boolean;
  /** Answers a page request no route matched: the app's shell, or a page saying the UI is not built. */
  sendShell(request: FastifyRequest, reply: FastifyReply): FastifyReply;
}

/** Registers the static files of `uiDir` when it holds a build. */
export async function registerStaticUi(app: VigieFastify, uiDir: string): Promise<StaticUi> {
  const built = fs.existsSync(path.join(uiDir, 'index.html'));
  if (!built) {
    app.log.warn({ uiDir }, 'the web interface is not built: run `npm run build:ui`');
    return {
      built,
      sendShell: (_request, reply) =>
        reply.status(503).type('text/html; charset=utf-8').send(notBuiltPage(uiDir)),
    };
  }
  await app.register(fastifyStatic, {
    root: uiDir,
    prefix: '/',
    index: ['index.html'],
    dotfiles: 'deny',
    cacheControl: false,
    setHeaders: (reply, filePath) => {
      // Vite names assets by content hash: they never change; the shell must always be fresh.
      const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
      reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return {
    built,
    sendShell: (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'),
  };
}

function notBuiltPage(uiDir: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vigie: web interface not built</title></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 4rem auto">
<h1>The Vigie web interface is not built</h1>
<p>The server is running and its API answers under <a href="/api/docs">/api/docs</a>, but no built
interface was found in <code>${escapeHtml(uiDir)}</code>.</p>
<p>Build it with <code>npm run build:ui</code> (or <code>npm run build</code>), then restart <code>vigie serve</code>.</p>
</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
