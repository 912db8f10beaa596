// Writes spec/test-vector/signature.json: a PUBLIC TEST KEY pair (published on purpose, never a partner's key),
// fixed inputs, and the exact strings to sign and Signature headers they give, for a request and its response.
// Run once to publish a vector; every language's tests then check their signer against these bytes.
//   node scripts/make-test-vector.ts [--new-key]
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { buildStringToSign, createSignatureHeader } from '@store-api/signing';

const OUT = 'spec/test-vector/signature.json';
const old = existsSync(OUT) && !process.argv.includes('--new-key') ? JSON.parse(readFileSync(OUT, 'utf8')) : undefined;
const keys =
  old?.publicTestKey ??
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
// Non-ASCII on purpose (Thai, Chinese, an emoji): the signature covers the body's UTF-8 bytes.
const requestBody = JSON.stringify({
  requestId: '20261124-test-vector-0001',
  posAccountId: 'pos_account_id_001',
  store: { posStoreId: 'pos_store_id_001', name: 'ร้านอาหาร 妈妈美食 🍜', status: 'OPEN' },
});
const responseBody = JSON.stringify({ result: { resultStatus: 'S', resultCode: 'SUCCESS', resultMessage: 'success' } });
const request = {
  method: 'POST',
  uri: '/v2/pos/syncStore',
  clientId: 'TEST_5X00000000000000',
  time: '2026-11-24T15:04:05+08:00',
  body: requestBody,
};
const response = { ...request, time: '2026-11-24T15:04:06+08:00', body: responseBody };

const vector = {
  about:
    'PUBLIC TEST KEY. This key pair is published so that any signer can be checked against known bytes. It is not a partner key and is registered nowhere: never sign anything real with it.',
  publicTestKey: { privateKey: keys.privateKey, publicKey: keys.publicKey },
  request: {
    method: request.method,
    uri: request.uri,
    clientId: request.clientId,
    requestTime: request.time,
    body: request.body,
    stringToSign: buildStringToSign(request),
    signatureHeader: await createSignatureHeader(request, keys.privateKey, 1),
  },
  response: {
    note: "A response is signed over the request's method and URI with the response's client-id, response-time and body.",
    method: response.method,
    uri: response.uri,
    clientId: response.clientId,
    responseTime: response.time,
    body: response.body,
    stringToSign: buildStringToSign(response),
    signatureHeader: await createSignatureHeader(response, keys.privateKey, 1),
  },
};
writeFileSync(OUT, `${JSON.stringify(vector, null, 2)}\n`);
console.log(`make-test-vector: wrote ${OUT} (${old ? 'the published key' : 'a new public test key'})`);
