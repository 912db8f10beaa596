// How each vendor SDK reads a response, as its own client code does (global-open-sdk-java 2.2.8 DefaultHttpRPC and
// BaseAlipayClient, -python 1.5.5 default_alipay_client.py, -php 1.5.5 DefaultAlipayClient.php and SignatureTool.php,
// -go defaultAlipayClient.go and WebhookTool.go), written anew from what that code does: which header it takes for
// the signature, the time and the client id, what it does when one is missing, and how it decodes the signature.

import { createVerify } from 'node:crypto';

export type SdkId = 'java' | 'python' | 'php' | 'go';

export interface RawAnswer {
  readonly status: number;
  /** The header lines exactly as sent, between the status line and the blank line, CRLF-separated. */
  readonly headerBlock: string;
  /** [name, value] in order, names in their case. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
}

/** What the SDK's call does with this answer. */
export type Reading =
  | { readonly kind: 'verified' }
  | { readonly kind: 'unverified'; readonly why: string } // it goes on without checking the signature
  | { readonly kind: 'fails'; readonly why: string };

export interface Exchange {
  readonly path: string;
  /** The Client-Id the SDK sent (Java and PHP verify with it; Python and Go take the answer's). */
  readonly requestClientId: string;
  readonly platformPublicKey: string;
}

/** Form decoding, as Python's unquote_plus, PHP's urldecode, Java's URLDecoder and Go's QueryUnescape do. */
const formDecode = (value: string) => decodeURIComponent(value.replaceAll('+', ' '));

function verifies(exchange: Exchange, clientId: string, time: string, body: string, signature: Buffer): boolean {
  const verifier = createVerify('RSA-SHA256');
  verifier.update(`POST ${exchange.path}\n${clientId}.${time}.${body}`, 'utf8');
  return verifier.verify(exchange.platformPublicKey, signature);
}

/** Strict base64 (Java's and Go's decoders refuse anything else, and the call fails). */
function strictBase64(text: string): Buffer | undefined {
  return /^[A-Za-z0-9+/]*={0,2}$/.test(text) && text.length % 4 === 0 ? Buffer.from(text, 'base64') : undefined;
}

function python(answer: RawAnswer, exchange: Exchange): Reading {
  // http.client's getheaders(), names as sent; exact lower-case comparisons, the last one wins.
  let signature: string | undefined;
  let time: string | undefined;
  let clientId: string | undefined;
  for (const [name, value] of answer.headers) {
    if (name === 'signature' && value !== '') signature = value.split('signature=')[1];
    if (name === 'response-time') time = value;
    if (name === 'client-id') clientId = value;
  }
  if (signature === undefined) return { kind: 'fails', why: 'response header exception，signature not exist.' };
  if (time === undefined) return { kind: 'fails', why: 'response header exception，response-time not exist.' };
  if (clientId === undefined) return { kind: 'fails', why: 'response header exception，client-id not exist.' };
  const bytes = Buffer.from(formDecode(signature), 'base64');
  return verifies(exchange, clientId, time, answer.body, bytes)
    ? { kind: 'verified' }
    : { kind: 'fails', why: 'response signature verify failed.' };
}

function php(answer: RawAnswer, exchange: Exchange): Reading {
  // curl's header block line by line: a line holding `response-time` anywhere gives the time (after its first
  // colon), else one holding `signature` anywhere gives the signature (after its last `=`); the last line wins.
  let signature: string | undefined;
  let time: string | undefined;
  for (const line of answer.headerBlock.split('\r\n')) {
    if (line.includes('response-time')) {
      const value = line.slice(line.indexOf(':') + 1);
      if (value !== '') time = value.trim();
    } else if (line.includes('signature')) {
      const value = line.slice(line.lastIndexOf('=') + 1);
      if (value !== '') signature = value;
    }
  }
  if (signature === undefined || signature.trim() === '' || time === undefined || time === '')
    return { kind: 'unverified', why: 'no signature or response-time found: verification skipped' };
  const decoded =
    /[=+/]/.test(signature) || Buffer.from(signature, 'base64').toString('base64') === signature
      ? Buffer.from(signature, 'base64')
      : Buffer.from(formDecode(signature), 'base64');
  return verifies(exchange, exchange.requestClientId, time, answer.body, decoded)
    ? { kind: 'verified' }
    : { kind: 'fails', why: 'Response signature verify fail.' };
}

function java(answer: RawAnswer, exchange: Exchange): Reading {
  // HttpURLConnection.getHeaderField: any case, the last one; the signature is the third comma-separated field of
  // `signature`, split on `=` into exactly two parts.
  const last = (name: string) => answer.headers.findLast(([n]) => n.toLowerCase() === name)?.[1];
  const fields = last('signature')?.split(',');
  const item = fields !== undefined && fields.length >= 3 ? fields[2]?.split('=') : undefined;
  const signature = item?.length === 2 ? item[1] : undefined;
  const time = last('response-time');
  if (signature === undefined || signature === '' || time === undefined || time === '')
    return { kind: 'unverified', why: 'no signature (third field) or response-time: verification skipped' };
  const bytes = strictBase64(formDecode(signature));
  if (bytes === undefined) return { kind: 'fails', why: 'verify signature error (not base64)' };
  return verifies(exchange, exchange.requestClientId, time, answer.body, bytes)
    ? { kind: 'verified' }
    : { kind: 'fails', why: 'Response signature verify fail.' };
}

function go(answer: RawAnswer, exchange: Exchange): Reading {
  // http.Header.Get: any case, the first one; the value after the first `signature=`.
  const first = (name: string) => answer.headers.find(([n]) => n.toLowerCase() === name)?.[1] ?? '';
  const header = first('signature');
  if (header === '') return { kind: 'fails', why: 'checkRspSign is fail … empty notify signature' };
  const signature = header.split('signature=')[1] ?? '';
  const bytes = strictBase64(formDecode(signature));
  return bytes !== undefined && verifies(exchange, first('client-id'), first('response-time'), answer.body, bytes)
    ? { kind: 'verified' }
    : { kind: 'fails', why: 'checkRspSign is fail … signature verification failed' };
}

export const READERS: Record<SdkId, (answer: RawAnswer, exchange: Exchange) => Reading> = { java, python, php, go };

/** Whether the SDK fails a call whose answer carries no signature (Python and Go), or goes on (Java and PHP). */
export const NEEDS_SIGNED_ANSWER: Record<SdkId, boolean> = { java: false, python: true, php: false, go: true };
