// Generated from spec/dist/openapi.json by scripts/generate-result-codes.ts: edit the spec, never this file.
// For each operation, each documented result code: what the caller should do (its status comes with the answer).
export const RESULT_CODES = {
  "syncStore": {
    "SUCCESS": "The store was synchronised; nothing more to do.",
    "PROCESS_FAIL": "A general business failure. Do not retry; contact overseas_support@service.alibaba.com to troubleshoot it.",
    "PARAM_ILLEGAL": "Do not retry as is. Check the request's header and body parameters against this contract, fix them, and send the fix with a new requestId. The message varies with the error.",
    "INVALID_API": "Do not retry. Check that you call the right API (method and path) and that it is active for you.",
    "INVALID_SIGNATURE": "Do not retry as is. Check the public key you registered, the string you signed and the algorithm (SHA256withRSA, 2048-bit key).",
    "ACCESS_DENIED": "Do not retry. Contact overseas_support@service.alibaba.com to troubleshoot it.",
    "REQUEST_TRAFFIC_EXCEED_LIMIT": "Call less often. This request was not processed: send it again later, at a lower rate, with the same requestId.",
    "UNKNOWN_EXCEPTION": "The outcome is unknown. Retry with the same parameters, the same requestId included; if it keeps coming back, contact overseas_support@service.alibaba.com."
  },
  "updateStore": {
    "SUCCESS": "The store was updated; nothing more to do.",
    "PARAM_ILLEGAL": "Do not retry as is. Check the request's header and body parameters against this contract and fix them. The message varies with the error.",
    "BIZ_ERROR_NEED_RETRY": "The outcome is unknown. Retry with the same parameters.",
    "BIZ_ERROR_NO_RETRY": "A business failure, for example a store that was never synchronised. Do not retry the same request; fix its cause first.",
    "SYSTEM_ERROR": "The outcome is unknown. Retry with the same parameters.",
    "ACCESS_FORBIDDEN": "Do not retry. The platform refused the update; the ISV error-code page gives three causes: the channel of synchronization is closed (this example), the contract is expired, other exceptions. Resolve the cause with the platform first.",
    "INVALID_SIGNATURE": "Do not retry as is. Check the public key you registered, the string you signed and the algorithm (SHA256withRSA, 2048-bit key). The gateway checks signatures before either API runs, so updateStore answers it too (see ERRATA E24).",
    "UNKNOWN_EXCEPTION": "The outcome is unknown. Retry with the same parameters; if it keeps coming back, contact the platform."
  }
} as const;

// The contract's length limits: syncStore's requestId, and a Result's resultMessage.
export const LIMITS = {
  "requestId": 255,
  "resultMessage": 256
} as const;

// Each environment's server for each operation's path, from the spec's `servers`.
export const ENVIRONMENTS = {
  "production-sea": {
    "/v2/pos/syncStore": "https://open-sea-global.alipayplus.com",
    "/v2/pds/store/updateStore": "https://open-sea.alipayplus.com"
  },
  "production-na": {
    "/v2/pos/syncStore": "https://open-na-global.alipayplus.com"
  },
  "local": {
    "/v2/pos/syncStore": "http://127.0.0.1:4010",
    "/v2/pds/store/updateStore": "http://127.0.0.1:4010"
  },
  "sandbox": {
    "/v2/pds/store/updateStore": "https://open-sea-pre.alipayplus.com"
  }
} as const;
