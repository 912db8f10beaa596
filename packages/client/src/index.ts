export {
  buildStringToSign,
  createSignatureHeader,
  formatTime,
  type KeyInput,
  parseSignatureHeader,
  type SignatureHeader,
  type SignedMessage,
  sign,
  verify,
} from '@store-api/signing';
export {
  type CallOptions,
  createStoreClient,
  type Environment,
  type RetryEvent,
  type StoreClient,
  type StoreClientOptions,
} from './client.js';
export {
  AbortedError,
  ConfigurationError,
  HttpStatusError,
  InvalidResponseError,
  NetworkError,
  RedirectError,
  ResponseTooLargeError,
  SignatureError,
  StoreApiError,
  type StoreApiErrorKind,
  TimeoutError,
} from './errors.js';
export { createSigner, createSigningMiddleware, type Signer, type SigningOptions } from './middleware.js';
export type {
  Outcome,
  ResultCode,
  SyncStoreResultCode,
  UndocumentedCode,
  UpdateStoreResultCode,
} from './outcome.js';
export { createRequestId } from './request-id.js';
export type { RetryPolicy } from './retry.js';
export type { Answer, DispatcherLike, FetchLike, RequestEvent, ResponseEvent } from './transport.js';
