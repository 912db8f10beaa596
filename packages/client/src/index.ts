export { type CallOptions, createStoreClient, type StoreClient, type StoreClientOptions } from './client.js';
export {
  AbortedError,
  HttpStatusError,
  InvalidResponseError,
  NetworkError,
  SignatureError,
  StoreApiError,
  type StoreApiErrorKind,
  TimeoutError,
} from './errors.js';
export { createSigningMiddleware, type SigningOptions } from './middleware.js';
export type { Outcome } from './outcome.js';
export { createRequestId } from './request-id.js';
export type { RetryPolicy } from './retry.js';
export {
  buildStringToSign,
  formatRequestTime,
  type KeyInput,
  type ParsedSignature,
  parseSignatureHeader,
  type SignedMessage,
  signMessage,
  signRequest,
  verifyResponseSignature,
} from './signing.js';
