// Why a signature does not verify, as a test (or a partner at a terminal) wants to read it: the string the
// verifier built, its byte length and SHA-256, the key's fingerprint, and the likely cause when one of the usual
// mistakes explains it (each tried by re-verifying a variant of the message: cheap, and only on failure).
import {
  buildStringToSign,
  decodeSignature,
  formatTime,
  type KeyInput,
  keyFingerprint,
  parseSignatureHeader,
  parseTime,
  type SignedMessage,
  verifyString,
} from './signature.js';

export type SignatureCause =
  | 'missing'
  | 'malformed'
  | 'algorithm'
  | 'no-key'
  | 'not-url-encoded'
  | 'body'
  | 'uri'
  | 'method'
  | 'time'
  | 'line-break'
  | 'key';

export interface SignatureDiagnosis {
  readonly valid: boolean;
  /** Undefined when valid. */
  readonly cause: SignatureCause | undefined;
  /** One sentence: what is wrong and what to check. */
  readonly reason: string;
  /** The string the verifier built from the message as received. */
  readonly stringToSign: string;
  /** Its length in UTF-8 bytes, and its SHA-256 (hex): compare them with your signer's. */
  readonly bytes: number;
  readonly sha256: string;
  /** The public key it verified against, `sha256:…` of its DER bytes. */
  readonly keyFingerprint: string | undefined;
}

export interface DiagnoseInput {
  /** The message as the verifier received it. */
  readonly message: SignedMessage;
  /** The Signature header as received; undefined when there was none. */
  readonly signatureHeader: string | undefined;
  /** The public key registered for the message's Client-Id; undefined when none is. */
  readonly publicKey: KeyInput | undefined;
  /** The host the request was sent to, to recognise a string signed with it. */
  readonly host?: string;
}

const encoder = new TextEncoder();
const hex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

/** Explains a signature: valid, or the likely cause of the failure. */
export async function diagnoseSignature(input: DiagnoseInput): Promise<SignatureDiagnosis> {
  const { message, signatureHeader, publicKey } = input;
  const stringToSign = buildStringToSign(message);
  const encoded = encoder.encode(stringToSign);
  const facts = {
    stringToSign,
    bytes: encoded.byteLength,
    sha256: hex(await crypto.subtle.digest('SHA-256', encoded)),
    keyFingerprint: typeof publicKey === 'string' ? await keyFingerprint(publicKey) : undefined,
  };
  const result = (cause: SignatureCause | undefined, reason: string): SignatureDiagnosis => ({
    valid: cause === undefined,
    cause,
    reason,
    ...facts,
  });

  if (signatureHeader === undefined || signatureHeader === '')
    return result('missing', 'the request carries no Signature header');
  const parsed = parseSignatureHeader(signatureHeader);
  if (parsed === undefined)
    return result('malformed', 'the Signature header is not algorithm=RSA256,keyVersion=N,signature=<value>');
  if (parsed.algorithm.toUpperCase() !== 'RSA256')
    return result('algorithm', `the algorithm is ${parsed.algorithm}; the gateway verifies RSA256 (SHA256withRSA)`);
  if (publicKey === undefined)
    return result('no-key', `no public key is registered for Client-Id ${JSON.stringify(message.clientId)}`);
  const bytes = decodeSignature(parsed.signature);
  if (bytes !== undefined && (await verifyString(stringToSign, bytes, publicKey)))
    return result(undefined, 'the signature verifies');

  // Each usual mistake, as a variant that would verify if it were the one.
  const raw = decodeSignature(parsed.signature, true);
  if (raw !== undefined && (await verifyString(stringToSign, raw, publicKey)))
    return result(
      'not-url-encoded',
      'the signature value is not URL-encoded: base64 + / = must be sent as %2B %2F %3D',
    );
  const signs = async (variant: Partial<SignedMessage>, literal?: string) =>
    bytes !== undefined && verifyString(literal ?? buildStringToSign({ ...message, ...variant }), bytes, publicKey);

  for (const body of reserialised(message.body))
    if (await signs({ body }))
      return result(
        'body',
        'the body sent is not the body signed (it was serialised again after signing): sign the exact bytes you send',
      );
  const uris = [
    ...(input.host === undefined
      ? []
      : [`http://${input.host}${message.uri}`, `https://${input.host}${message.uri}`, `${input.host}${message.uri}`]),
    ...(message.uri.includes('?') ? [message.uri.slice(0, message.uri.indexOf('?'))] : []),
  ];
  for (const uri of uris)
    if (await signs({ uri }))
      return result(
        'uri',
        `the URI signed was ${JSON.stringify(uri)}, not the request's ${JSON.stringify(message.uri)}: sign the path (and query) only`,
      );
  const lower = `${message.method.toLowerCase()} ${message.uri}\n${message.clientId}.${message.time}.${message.body}`;
  if (await signs({}, lower)) return result('method', 'the method was signed in lower case: sign it as sent, POST');
  for (const time of otherForms(message.time))
    if (await signs({ time }))
      return result(
        'time',
        `the time signed was ${JSON.stringify(time)}, not the Request-Time header's ${JSON.stringify(message.time)}: sign the header's exact text`,
      );
  if (await signs({}, stringToSign.replace('\n', '\r\n')))
    return result('line-break', 'the string signed has \\r\\n after the URI: use a single \\n');
  return result(
    'key',
    `no usual mistake explains it: check that you signed with the private key of the public key registered for ${JSON.stringify(message.clientId)} (${facts.keyFingerprint}), and compare your string to sign's bytes and SHA-256`,
  );
}

/** The body as a careless signer might have serialised it: compact, or pretty-printed. */
function reserialised(body: string): string[] {
  try {
    const value: unknown = JSON.parse(body);
    return [JSON.stringify(value), JSON.stringify(value, null, 2), JSON.stringify(value, null, 4)].filter(
      (b) => b !== body,
    );
  } catch {
    return [];
  }
}

/** The same instant in the other forms the gateway family uses. */
function otherForms(time: string): string[] {
  const at = parseTime(time);
  if (Number.isNaN(at)) return [];
  const date = new Date(at);
  const iso = formatTime(date);
  return [iso, iso.replace('+00:00', 'Z'), date.toISOString(), iso.replace('+00:00', '+0000'), String(at)].filter(
    (t) => t !== time,
  );
}
