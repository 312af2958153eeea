/** Vite build of the web interface: `ui/` is the root, the bundle goes to `ui/dist/` which the server serves. */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    // One small app: a single chunk keeps the first load to two requests.
    chunkSizeWarningLimit: 800,
  },
  server: {
    // `npx vite --config ui/vite.config.ts` during development, with `vigie serve` on :8080.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
