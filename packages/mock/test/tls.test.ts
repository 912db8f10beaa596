// HTTPS on the mock's port (`--tls`, `startMock({ tls: true })`): the vendor's Java SDK accepts only https:// hosts
// and its Python SDK always dials TLS. The certificate is made at start for the names a local test dials.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { request } from 'node:https';
import { verify } from '@store-api/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMock } from '../src/index.js';
import { MOCK_PLATFORM_PUBLIC_KEY } from '../src/platform-test-key.js';
import { makeTlsIdentity } from '../src/tls-certificate.js';
import { CLIENT_ID, PATHS } from './support/http.js';

describe('the certificate made at start', () => {
  const made = makeTlsIdentity(new Date('2026-12-03T12:00:00Z'));
  const cert = new X509Certificate(made.cert);

  it('names localhost, 127.0.0.1 and ::1, and nothing else', () => {
    expect(cert.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkIP('::1')).toBe('::1');
    expect(cert.checkHost('example.com')).toBeUndefined();
  });

  it('is signed by its own key, is no CA, and is valid from an hour before it was made for a year', () => {
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.subject).toBe('CN=store-api mock (PUBLIC TEST CERTIFICATE)');
    expect(cert.issuer).toBe(cert.subject);
    expect(new Date(cert.validFrom).toISOString()).toBe('2026-12-03T11:00:00.000Z');
    expect(new Date(cert.validTo).toISOString()).toBe('2027-12-03T12:00:00.000Z');
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(cert.checkPrivateKey(createPrivateKey(made.key))).toBe(true);
  });

  it('is new each time: another key, another serial number', () => {
    const other = new X509Certificate(makeTlsIdentity().cert);
    expect(other.serialNumber).not.toBe(cert.serialNumber);
    expect(other.publicKey.export({ type: 'spki', format: 'pem' })).not.toBe(
      cert.publicKey.export({ type: 'spki', format: 'pem' }),
    );
  });
});

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A signed-shape syncStore over HTTPS, trusting only `ca`. */
function postTls(url: string, path: string, ca: string, host?: string): Promise<Answer> {
  const body = JSON.stringify({
    requestId: `tls-${Math.random()}`,
    posAccountId: 'pos-1',
    store: { posStoreId: 'p-1', name: 'MOM FOOD', status: 'OPEN' },
  });
  const target = new URL(path, url);
  if (host !== undefined) target.hostname = host;
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'POST',
        ca,
        headers: {
          'content-type': 'application/json; charset=UTF-8',
          'client-id': CLIENT_ID,
          'request-time': new Date().toISOString().replace(/\.\d+Z$/, '+00:00'),
          signature: 'algorithm=RSA256,keyVersion=1,signature=bm90LWEtcmVhbC1zaWduYXR1cmU%3D',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('startMock({ tls: true })', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock({ tls: true });
  });
  afterAll(() => mock.close());

  it('serves https:// on its port, and a client trusting its certificate gets a signed SUCCESS', async () => {
    expect(mock.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const answer = await postTls(mock.url, PATHS.syncStore, mock.tlsCertificate ?? '');
    expect(JSON.parse(answer.body).result.resultCode).toBe('SUCCESS');
    const message = {
      method: 'POST',
      uri: PATHS.syncStore,
      clientId: CLIENT_ID,
      time: String(answer.headers['response-time']),
      body: answer.body,
    };
    expect(await verify(message, String(answer.headers.signature), MOCK_PLATFORM_PUBLIC_KEY)).toBe(true);
  });

  it('answers by the name localhost too', async () => {
    const answer = await postTls(mock.url, PATHS.syncStore, mock.tlsCertificate ?? '', 'localhost');
    expect(answer.status).toBe(200);
  });

  it('is refused by a client that does not trust the certificate', async () => {
    await expect(postTls(mock.url, PATHS.syncStore, MOCK_PLATFORM_PUBLIC_KEY)).rejects.toThrow();
  });

  it('serves its certificate at /__admin/tls-certificate', async () => {
    const answer = await new Promise<Answer>((resolve, reject) => {
      request(`${mock.adminUrl}/tls-certificate`, { ca: mock.tlsCertificate ?? '' }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
      })
        .on('error', reject)
        .end();
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/x-pem-file');
    expect(answer.body).toBe(mock.tlsCertificate);
  });
});

describe('startMock({ tls: { key, cert } })', () => {
  it('serves with the identity it is given', async () => {
    const own = makeTlsIdentity();
    const mock = await startMock({ tls: own });
    try {
      expect(mock.tlsCertificate).toBe(own.cert);
      expect((await postTls(mock.url, PATHS.syncStore, own.cert)).status).toBe(200);
    } finally {
      await mock.close();
    }
  });
});

describe('plain HTTP, the default', () => {
  it('has no certificate to serve', async () => {
    const mock = await startMock();
    try {
      expect(mock.url).toMatch(/^http:\/\//);
      expect(mock.tlsCertificate).toBeUndefined();
      const served = await fetch(`${mock.adminUrl}/tls-certificate`);
      expect(served.status).toBe(404);
      expect((await served.json()).detail).toMatch(/--tls/);
    } finally {
      await mock.close();
    }
  });
});
