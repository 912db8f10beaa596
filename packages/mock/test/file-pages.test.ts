// Pages opened from a file (the reference's console, from file://) send `Origin: null`. The mock refuses it unless
// the cors list names `null` (`--cors null`, `--cors local,null`), and then admits it to the store API only: a file
// page may try the API, never script, read or reset the mock through the admin API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMock } from '../src/index.js';
import { PATHS, post } from './support/http.js';

const sync = (requestId: string) => ({
  requestId,
  posAccountId: 'a-1',
  store: { posStoreId: 's-1', name: 'Store A', status: 'OPEN' },
});
const preflight = (url: string, path: string, origin: string) =>
  fetch(`${url}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });

describe('cors: a list naming null (--cors local,null)', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock({ cors: ['local', 'null'] });
  });
  afterAll(() => mock.close());

  it('admits a file page (Origin: null) to the store API, preflight and answer', async () => {
    const allowed = await preflight(mock.url, PATHS.syncStore, 'null');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('null');
    const answer = await post(mock.url, PATHS.syncStore, sync('file-1'), { headers: { Origin: 'null' } });
    expect(answer.body.result.resultCode).toBe('SUCCESS');
    expect(answer.headers.get('access-control-allow-origin')).toBe('null');
    expect(answer.headers.get('access-control-expose-headers')).toContain('x-mock-diagnosis');
  });

  it('never admits a file page to the admin API', async () => {
    const refused = await preflight(mock.url, '/__admin/reset', 'null');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    for (const [method, path] of [
      ['POST', '/__admin/reset'],
      ['GET', '/__admin/requests'],
      ['GET', '/__admin'],
      ['GET', '/__admin?x=1'],
    ] as const) {
      const answer = await fetch(`${mock.url}${path}`, { method, headers: { origin: 'null' } });
      expect([method, path, answer.status]).toEqual([method, path, 403]);
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('still admits this machine’s pages (local) and no other origin', async () => {
    expect((await preflight(mock.url, PATHS.syncStore, 'http://localhost:3000')).status).toBe(204);
    expect((await preflight(mock.url, PATHS.syncStore, 'https://partner.example')).status).toBe(403);
  });
});

describe('Origin: null without the opt-in', () => {
  it.each([
    ['the default', undefined],
    ['cors: true (--cors any)', true],
    ['a list without null', ['http://localhost:3000']],
  ] as const)('is refused by %s, on the store API too', async (_name, cors) => {
    const mock = await startMock(cors === undefined ? {} : { cors });
    try {
      expect((await preflight(mock.url, PATHS.syncStore, 'null')).status).toBe(403);
      const answer = await fetch(`${mock.url}${PATHS.syncStore}`, {
        method: 'POST',
        headers: { origin: 'null', 'content-type': 'application/json' },
        body: JSON.stringify(sync('file-2')),
      });
      expect(answer.status).toBe(403);
      expect(mock.requests()).toEqual([]);
    } finally {
      await mock.close();
    }
  });
});
