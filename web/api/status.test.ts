import { describe, expect, it } from 'vitest';
import { healthOf, type ServerStatus } from './status.ts';

const ready: ServerStatus = {
  product: 'TMA',
  version: '0.1.0',
  ready: true,
  draining: false,
  database: { engine: 'embedded', reachable: true, migrations: { applied: 1, pending: 0 } },
  masterKey: null,
  time: '2026-11-23T14:00:00.000Z',
};

describe('healthOf', () => {
  it('is ready when the server says so', () => {
    expect(healthOf(ready)).toBe('ready');
  });

  it('is not ready when the server says so', () => {
    expect(healthOf({ ...ready, ready: false })).toBe('notReady');
  });

  it('reports draining before anything else', () => {
    expect(healthOf({ ...ready, draining: true })).toBe('draining');
    expect(healthOf({ ...ready, ready: false, draining: true })).toBe('draining');
  });
});
