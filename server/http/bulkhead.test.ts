import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { Bulkhead, listBulkhead, registerBulkheads } from './bulkhead.ts';
import { registerErrorHandling } from './error-handler.ts';

describe('Bulkhead', () => {
  it('admits up to its capacity, hands a released slot to the longest waiter, and counts', async () => {
    const bulkhead = new Bulkhead(2, 1000);
    const first = await bulkhead.enter();
    const second = await bulkhead.enter();
    expect(bulkhead.active).toBe(2);
    const order: string[] = [];
    const third = bulkhead.enter().then((release) => {
      order.push('third');
      return release;
    });
    const fourth = bulkhead.enter().then((release) => {
      order.push('fourth');
      return release;
    });
    expect(bulkhead.waiting).toBe(2);
    first?.();
    first?.(); // releasing twice frees one slot only
    const thirdRelease = await third;
    expect(order).toEqual(['third']);
    expect(bulkhead.active).toBe(2);
    second?.();
    const fourthRelease = await fourth;
    thirdRelease?.();
    fourthRelease?.();
    expect(bulkhead.active).toBe(0);
    expect(bulkhead.waiting).toBe(0);
  });

  it('gives up on a wait after waitMs, at once when the queue is full, and when the waiter leaves', async () => {
    const bulkhead = new Bulkhead(1, 50, 1);
    const held = await bulkhead.enter();
    const started = performance.now();
    const waited = bulkhead.enter();
    // The queue (one place) is taken: refused without waiting.
    expect(await bulkhead.enter()).toBeNull();
    expect(await waited).toBeNull();
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    const leaving = new AbortController();
    const left = bulkhead.enter(leaving.signal);
    leaving.abort();
    expect(await left).toBeNull();
    expect(bulkhead.waiting).toBe(0);
    held?.();
    expect(bulkhead.active).toBe(0);
  });
});

describe('listBulkhead on a route', () => {
  it('answers 503 overloaded with Retry-After beyond the limit, and serves again once slots are free', async () => {
    const app = Fastify();
    registerErrorHandling(app);
    registerBulkheads(app, { list: 1, waitMs: 100 });
    let finish!: () => void;
    const slow = new Promise<void>((resolve) => {
      finish = resolve;
    });
    app.get('/list', { onRequest: listBulkhead }, async () => {
      await slow;
      return { ok: true };
    });
    app.get('/other', async () => ({ ok: true }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    try {
      const first = fetch(`${base}/list`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const refused = await fetch(`${base}/list`);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('2');
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('overloaded');
      // Routes without the bulkhead are not limited by it.
      expect((await fetch(`${base}/other`)).status).toBe(200);
      finish();
      expect((await first).status).toBe(200);
      // The slot is freed when the response has closed.
      for (let i = 0; i < 50 && app.bulkheads?.list.active; i++) await new Promise((r) => setTimeout(r, 10));
      expect(app.bulkheads?.list.active).toBe(0);
      expect((await fetch(`${base}/list`)).status).toBe(200);
      expect(await app.bulkheads?.rejected.get()).toMatchObject({ values: [{ value: 1 }] });
    } finally {
      await app.close();
    }
  });
});
