import { afterEach, describe, expect, it } from 'vitest';
import { createWebFixture, PASSWORD, SAME_ORIGIN, type WebFixture } from '../../test/http/web-fixture.js';
import { deleteRows, liftAppendOnlyGuard } from '../../test/support/audit-tampering.js';
import { TEST_DIALECT } from '../../test/support/test-store.js';
import type { Role } from '../auth/roles.js';

interface EventItem {
  seq: number;
  actor: string;
  action: string;
  targetKind: string | null;
  targetKey: string | null;
  meta: unknown;
}

describe(`audit API on ${TEST_DIALECT}`, () => {
  let fixture: WebFixture;
  afterEach(async () => {
    await fixture.close();
  });

  async function sessionAs(role: Role, username: string): Promise<string> {
    await fixture.addAccount(role, username);
    return await fixture.login(username, PASSWORD);
  }

  function call(session: string | null, method: 'GET' | 'POST', url: string, payload?: unknown) {
    return fixture.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: SAME_ORIGIN,
      ...(session === null ? {} : { cookies: { vigie_session: session } }),
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  }

  it('lists events newest first, filters them and pages back by seq', async () => {
    fixture = await createWebFixture();
    const admin = await sessionAs('provider_admin', 'admin');
    for (const name of ['u1', 'u2', 'u3']) await fixture.addAccount('viewer', name);
    const all = await call(admin, 'GET', '/audit/events');
    expect(all.statusCode).toBe(200);
    const items = (all.json() as { items: EventItem[] }).items;
    const seqs = items.map((item) => item.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(items.some((item) => item.action === 'auth.login' && item.actor === 'user:admin')).toBe(true);

    const adds = await call(admin, 'GET', '/audit/events?action=user.add&limit=2');
    const page1 = adds.json() as { items: EventItem[]; nextBeforeSeq: number | null };
    expect(page1.items.map((item) => item.targetKind)).toEqual(['user', 'user']);
    expect(page1.nextBeforeSeq).toBe(page1.items[1]?.seq);
    const page2 = (
      await call(admin, 'GET', `/audit/events?action=user.add&limit=2&beforeSeq=${page1.nextBeforeSeq}`)
    ).json() as {
      items: EventItem[];
      nextBeforeSeq: number | null;
    };
    expect(page2.items).toHaveLength(2);
    expect(page2.items.every((item) => item.seq < (page1.nextBeforeSeq ?? 0))).toBe(true);
    const byActor = (await call(admin, 'GET', '/audit/events?actor=user:admin&action=auth.')).json() as {
      items: EventItem[];
    };
    expect(byActor.items.map((item) => item.action)).toEqual(['auth.login']);

    expect((await call(admin, 'GET', '/audit/events?limit=501')).statusCode).toBe(400);
    expect((await call(admin, 'GET', '/audit/events?beforeSeq=abc')).statusCode).toBe(400);
  });

  it('signs a checkpoint (an audited action) and verifies the chain against it', async () => {
    fixture = await createWebFixture();
    const manager = await sessionAs('customer_manager', 'manon');
    const verified = await call(manager, 'GET', '/audit/verify');
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({ ok: true, findings: [] });

    const created = await call(manager, 'POST', '/audit/checkpoint');
    expect(created.statusCode).toBe(201);
    const checkpoint = created.json() as { length: number; keyId: string; signature: string };
    expect(checkpoint).toMatchObject({
      format: 'vigie-audit-checkpoint/1',
      length: (verified.json() as { length: number }).length,
    });
    const recorded = (await call(manager, 'GET', '/audit/events?action=audit.checkpoint')).json() as {
      items: EventItem[];
    };
    expect(recorded.items).toEqual([
      expect.objectContaining({
        actor: 'user:manon',
        targetKind: 'audit',
        meta: expect.objectContaining({ ip: '127.0.0.1' }),
      }),
    ]);

    const against = await call(manager, 'POST', '/audit/verify', { checkpoint });
    expect(against.statusCode).toBe(200);
    expect(against.json()).toMatchObject({
      ok: true,
      checkpoint: { signatureValid: true, signedByThisVigie: true },
    });
    const forged = await call(manager, 'POST', '/audit/verify', {
      checkpoint: { ...checkpoint, length: checkpoint.length + 5 },
    });
    expect(forged.json()).toMatchObject({
      ok: false,
      checkpoint: { signatureValid: false },
      findings: expect.arrayContaining([expect.objectContaining({ kind: 'checkpoint_signature' })]),
    });
    const malformed = await call(manager, 'POST', '/audit/verify', {
      checkpoint: { ...checkpoint, signature: 'nope' },
    });
    expect(malformed.statusCode).toBe(400);
  });

  it('reports tampering found in the database', async () => {
    fixture = await createWebFixture();
    const viewer = await sessionAs('viewer', 'vera');
    for (const name of ['u1', 'u2', 'u3']) await fixture.addAccount('viewer', name);
    const { store } = fixture.testStore;
    await liftAppendOnlyGuard(store);
    await deleteRows(store, 2, 2);
    const result = await call(viewer, 'GET', '/audit/verify');
    expect(result.statusCode).toBe(200);
    expect(result.json()).toMatchObject({
      ok: false,
      findings: [expect.objectContaining({ kind: 'deleted', seq: 2, toSeq: 2 })],
    });
  });

  it('gives each role exactly its audit rights', async () => {
    fixture = await createWebFixture();
    const expectations: [Role, { read: number; checkpoint: number }][] = [
      ['provider_admin', { read: 200, checkpoint: 201 }],
      ['provider_engineer', { read: 200, checkpoint: 403 }],
      ['customer_manager', { read: 200, checkpoint: 201 }],
      ['customer_developer', { read: 403, checkpoint: 403 }],
      ['viewer', { read: 200, checkpoint: 403 }],
    ];
    for (const [role, expected] of expectations) {
      const session = await sessionAs(role, role.replace('_', '-'));
      expect((await call(session, 'GET', '/audit/events')).statusCode, role).toBe(expected.read);
      expect((await call(session, 'GET', '/audit/verify')).statusCode, role).toBe(expected.read);
      expect((await call(session, 'POST', '/audit/checkpoint')).statusCode, role).toBe(expected.checkpoint);
    }
    expect((await call(null, 'GET', '/audit/events')).statusCode).toBe(401);
    expect((await call(null, 'POST', '/audit/checkpoint')).statusCode).toBe(401);
  });

  it('describes its routes in the OpenAPI document', async () => {
    fixture = await createWebFixture();
    const document = (await fixture.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(document.paths['/api/v1/audit/events'] ?? {})).toContain('get');
    expect(Object.keys(document.paths['/api/v1/audit/verify'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(document.paths['/api/v1/audit/checkpoint'] ?? {})).toContain('post');
  });
});
