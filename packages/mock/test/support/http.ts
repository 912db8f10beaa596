// Small helpers for calling a mock the way a partner's code would.
import { createSignatureHeader, formatTime } from '@store-api/client';

export { generateRsaKeyPair } from '@store-api/test-support';

export const CLIENT_ID = 'TEST_5X00000000000000';
export const PATHS = { syncStore: '/v2/pos/syncStore', updateStore: '/v2/pds/store/updateStore' } as const;

export interface Posted {
  readonly status: number;
  readonly headers: Headers;
  readonly body: { result: { resultStatus: string; resultCode: string; resultMessage?: string } } & Record<
    string,
    unknown
  >;
}

/** POSTs `body` with the three signature headers; signed for real when a private key is given. */
export async function post(
  baseUrl: string,
  path: string,
  body: unknown,
  options: { privateKey?: string; headers?: Record<string, string | undefined>; raw?: string } = {},
): Promise<Posted> {
  const text = options.raw ?? JSON.stringify(body);
  const time = formatTime(new Date());
  const signature =
    options.privateKey === undefined
      ? 'algorithm=RSA256,keyVersion=1,signature=bm90LWEtcmVhbC1zaWduYXR1cmU%3D'
      : await createSignatureHeader(
          { method: 'POST', uri: path, clientId: CLIENT_ID, time, body: text },
          options.privateKey,
          1,
        );
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Client-Id': CLIENT_ID,
    'Request-Time': time,
    Signature: signature,
  };
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
  const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers, body: text });
  const responseText = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(responseText) };
}
