import path from 'node:path';
import { it, expect } from 'vitest';
import { testDeps } from '/work/main/test/support/inventory-fixtures.js';
import { createTestStore } from '/work/main/test/support/test-store.js';
import { createWebApp } from '/work/main/src/http/app.js';
it('openapi', async () => {
  const ts = await createTestStore();
  const app = await createWebApp(testDeps(ts), { uiDir: path.join(ts.dataDir, 'x') });
  const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
  console.log(res.statusCode);
  const doc = res.json();
  console.log(Object.keys(doc.paths).filter((p) => p.includes('inventory')));
  console.log(JSON.stringify(doc.paths['/api/v1/inventory/apply'].post.requestBody).slice(0, 400));
  await app.close(); await ts.cleanup();
});
