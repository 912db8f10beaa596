import { LIMITS } from './generated/result-codes.js';

/** The contract's maxLength for syncStore's requestId (read from the bundle when the client is built). */
const MAX_REQUEST_ID = LIMITS.requestId;

/**
 * A new requestId: unique (time plus 128 random bits), at most 255 characters. Make one per change and keep it
 * to retry that change; never make a new one for a retry.
 */
export function createRequestId(prefix = ''): string {
  const id = `${prefix}${Date.now().toString(36)}${crypto.randomUUID().replaceAll('-', '')}`;
  if (id.length > MAX_REQUEST_ID) {
    throw new RangeError(`requestId must be at most ${MAX_REQUEST_ID} characters; with this prefix it is ${id.length}`);
  }
  return id;
}
