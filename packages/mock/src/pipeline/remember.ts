// Step 8: what outlives the request. A settled result is remembered for its idempotency key (a later request with
// the same key gets it again); an accepted call (S) changes the store it names.
import { createHash } from 'node:crypto';
import { isObject } from '@store-api/validator/contract';
import type { Context, Exchange, ResultHead } from './exchange.js';

export function remember(exchange: Exchange): void {
  const { context, response, replayKey } = exchange;
  if (response === undefined || response.source === 'gateway' || response.source === 'fault') return;
  // Only settled results are remembered: a U or a traffic limit is sent again with the same requestId and may
  // then settle; a gateway refusal never reached the API.
  if (
    replayKey !== undefined &&
    exchange.earlier === undefined &&
    response.status === 200 &&
    settles(context, response.result)
  )
    context.replays.set(replayKey, {
      bodyKey: bodyFingerprint(exchange.request.body, exchange.body),
      status: response.status,
      body: response.body as string,
      code: String(response.result?.resultCode),
      resultStatus: String(response.result?.resultStatus),
    });
  // The stores: an accepted call (S) changes the store it names.
  const { body, operation } = exchange;
  if (response.status !== 200 || response.resultStatus !== 'S' || response.source === 'replay' || !isObject(body))
    return;
  if (operation?.operationId === 'syncStore' && isObject(body.store))
    exchange.store = context.stores.sync(String(body.posAccountId), body.store).key;
  if (operation?.operationId === 'updateStore') exchange.store = context.stores.update(body).key;
}

/** Whether a result settles its requestId: not a U, and not an answer the spec says is never remembered. */
function settles(context: Context, result: ResultHead | undefined): boolean {
  return (
    (result?.resultStatus === 'S' || result?.resultStatus === 'F') &&
    !context.notRemembered.has(String(result.resultCode))
  );
}

/** Bodies up to this many characters are kept whole by the replay store; longer ones as a digest. */
const INLINE_BODY = 512;

/**
 * A request body as the replay store keeps it, to tell a later body under the same requestId apart: the text itself
 * up to INLINE_BODY characters (most bodies: nothing to hash on the way in), else the digest of its structure.
 */
function bodyFingerprint(raw: string, body: unknown): string {
  return raw.length <= INLINE_BODY ? `=${raw}` : `#${digest(body)}`;
}

/** Whether a body is the one a fingerprint was taken of, key order and spacing aside. */
export function sameBody(fingerprint: string, raw: string, body: unknown): boolean {
  if (fingerprint.startsWith('=')) {
    const first = fingerprint.slice(1);
    return first === raw || digest(JSON.parse(first)) === digest(body);
  }
  return fingerprint === `#${digest(body)}`;
}

/** Texts at least this long go to the hash on their own, not appended to the pending small parts. */
const LONG_TEXT = 4096;

/**
 * The SHA-256 of a JSON value with its objects' keys sorted, so two bodies that differ only in key order or spacing
 * are the same request. Each value is written with its type and each text with its length, so nothing needs
 * escaping: a long text is hashed as it is, never copied into a serialised document first (serialising a large
 * body on every request led the large-body profile).
 */
function digest(value: unknown): string {
  const hash = createHash('sha256');
  let pending = '';
  const text = (item: string) => {
    // A lone surrogate would read as U+FFFD in UTF-8: such a text is hashed as UTF-16, marked apart.
    const exact = wellFormed(item);
    if (exact && item.length < LONG_TEXT) {
      pending += `${item.length}:${item}`;
      return;
    }
    hash.update(`${pending}${item.length}${exact ? ':' : 'u'}`);
    pending = '';
    if (exact) hash.update(item);
    else hash.update(item, 'utf16le');
  };
  const walk = (item: unknown): void => {
    if (typeof item === 'string') {
      pending += 's';
      text(item);
    } else if (Array.isArray(item)) {
      pending += `[${item.length};`;
      for (const entry of item) walk(entry);
    } else if (typeof item === 'object' && item !== null) {
      const keys = Object.keys(item).sort();
      pending += `{${keys.length};`;
      for (const key of keys) {
        text(key);
        walk((item as Record<string, unknown>)[key]);
      }
    } else {
      // A number, true, false or null: its JSON text, which never holds the separator.
      pending += `${JSON.stringify(item)};`;
    }
    if (pending.length >= LONG_TEXT) {
      hash.update(pending);
      pending = '';
    }
  };
  walk(value);
  hash.update(pending);
  return hash.digest('base64');
}

/** Whether a text holds no lone surrogate (ES2024's String#isWellFormed, which Node has; the lib here is ES2023). */
const wellFormed = (text: string) => (text as string & { isWellFormed(): boolean }).isWellFormed();
