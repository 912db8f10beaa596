#!/usr/bin/env node
// store-api: the signing scheme and the contract from a terminal, for partners in any language.
//   store-api keygen | sign | verify | validate   (store-api <command> --help)
// Exit codes: 0 done (valid), 1 the check failed (invalid signature or body), 2 a usage error, 3 anything else.
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildStringToSign,
  createSignatureHeader,
  diagnoseSignature,
  formatTime,
  keyFingerprint,
  parseTime,
  type SignedMessage,
} from '@store-api/signing';
import { createValidator, type OperationId } from '@store-api/validator';
import { KeyFileRefused, keyFileRefusal, writeKeyFile } from './key-file.js';
import { firstInvalidUtf8Byte } from './utf8.js';

const PATHS: Record<string, string> = { syncStore: '/v2/pos/syncStore', updateStore: '/v2/pds/store/updateStore' };
const USAGES: Record<string, string> = {
  keygen: `store-api keygen [--out DIR] [--force]
      an RSA 2048 key pair for tests: DIR/private.pem (PKCS#8, mode 0600) and DIR/public.pem (SPKI); default DIR
      is .; an existing key file is replaced only with --force, and a symbolic link there never`,
  sign: `store-api sign --key private.pem --client-id ID (--body FILE | --data TEXT) [--uri PATH] [--time T]
                 [--key-version N] [--base-url URL]
      prints the string to sign, the Signature header and a ready curl command; --uri defaults to
      /v2/pos/syncStore, --time to now (T as the gateway takes a Request-Time: ISO 8601 with seconds and an
      offset, or 13-digit epoch milliseconds)`,
  verify: `store-api verify --public-key public.pem --client-id ID --time T --signature HEADER (--body FILE | --data TEXT)
                   [--uri PATH]
      exit 0 if the signature verifies; else exit 1 and say what differs (the body, the time, the URI, the key,
      the encoding, …), as the mock does`,
  validate: `store-api validate syncStore|updateStore (FILE | --data TEXT) [--warnings-as-errors]
      checks a request body against the contract, naming each field and rule; exit 1 if it breaks it`,
};
const EXIT_CODES = `exit codes: 0 done (valid), 1 the check failed (an invalid signature or body), 2 a usage error
(the message names it), 3 anything else (an I/O error, a bug)`;
const USAGE = `usage:\n${Object.values(USAGES)
  .map((usage) => `  ${usage}`)
  .join('\n')}
  store-api --version
store-api <command> --help for one command's usage; ${EXIT_CODES}`;

class UsageError extends Error {}
const fail = (message: string): never => {
  throw new UsageError(message);
};

function options(args: string[], known: Record<string, 'string' | 'boolean'>) {
  const spec = Object.fromEntries(Object.entries(known).map(([name, type]) => [name, { type }]));
  try {
    return parseArgs({ args, options: spec, allowPositionals: true }) as {
      values: Record<string, string | boolean | undefined>;
      positionals: string[];
    };
  } catch (error) {
    return fail((error as Error).message);
  }
}
const text = (values: Record<string, unknown>, name: string): string => {
  const value = values[name];
  return typeof value === 'string' && value !== '' ? value : fail(`--${name} is required`);
};
const readText = (path: string, what: string) =>
  existsSync(path) ? readFileSync(path, 'utf8') : fail(`${what}: no file at ${JSON.stringify(path)}`);
/**
 * A key file of the kind the command needs, or one line naming the file and the kind expected (rather than
 * OpenSSL's error from deep inside the signer).
 */
function readKey(values: Record<string, unknown>, option: string, kind: 'private' | 'public'): string {
  const path = text(values, option);
  const pem = readText(path, `--${option}`);
  const expected =
    kind === 'private'
      ? 'an RSA private key (PKCS#8 PEM, -----BEGIN PRIVATE KEY-----, as store-api keygen writes private.pem)'
      : 'an RSA public key (SPKI PEM, -----BEGIN PUBLIC KEY-----, as store-api keygen writes public.pem)';
  let found: string;
  try {
    const key = /PRIVATE KEY-----/.test(pem) ? createPrivateKey(pem) : createPublicKey(pem);
    if (key.type === kind && key.asymmetricKeyType === 'rsa') return pem;
    const type = key.asymmetricKeyType?.toUpperCase() ?? 'unknown';
    // "an" before a letter whose name starts with a vowel sound: an RSA, an EC, an Ed25519, a DSA.
    found = `${/^[AEFHILMNORSX]/.test(type) ? 'an' : 'a'} ${type} ${key.type} key`;
  } catch {
    found = 'not a PEM key';
  }
  return fail(
    `--${option} ${JSON.stringify(path)} is ${found}; ${kind === 'private' ? 'sign' : 'verify'} needs ${expected}`,
  );
}
/** A body file's exact bytes as text; refused unless UTF-8, since the scheme signs the body as UTF-8 text. */
function readBody(path: string, what: string): string {
  if (!existsSync(path)) fail(`${what}: no file at ${JSON.stringify(path)}`);
  const bytes = readFileSync(path);
  const offset = firstInvalidUtf8Byte(bytes);
  if (offset !== undefined)
    fail(
      `${what}: ${JSON.stringify(path)} is not UTF-8: byte ${offset} (0x${bytes[offset]?.toString(16).padStart(2, '0')}) starts no UTF-8 sequence; a signature covers the body as UTF-8 text, so save the body as UTF-8`,
    );
  // Valid UTF-8 decodes and encodes back to the same bytes, a byte order mark included.
  return bytes.toString('utf8');
}
/** The exact body: a file's bytes (not re-serialised) or --data's text. */
function body(values: Record<string, unknown>, file?: string): string {
  if (typeof values.data === 'string') return values.data;
  const path = typeof values.body === 'string' ? values.body : file;
  return path === undefined
    ? fail('give the body with --body FILE or --data TEXT')
    : readBody(path, typeof values.body === 'string' ? '--body' : 'the body');
}

async function keygen(args: string[]) {
  const { values } = options(args, { out: 'string', force: 'boolean' });
  const dir = typeof values.out === 'string' ? values.out : '.';
  const force = values.force === true;
  const files = { private: join(dir, 'private.pem'), public: join(dir, 'public.pem') };
  // Both checked before either is written, so a refusal leaves the old pair whole.
  for (const file of [files.private, files.public]) {
    const refusal = keyFileRefusal(file, force);
    if (refusal !== undefined) fail(refusal);
  }
  mkdirSync(dir, { recursive: true });
  const pair = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  try {
    writeKeyFile(files.private, pair.privateKey, 0o600, force);
    writeKeyFile(files.public, pair.publicKey, 0o644, force);
  } catch (error) {
    if (error instanceof KeyFileRefused) fail(error.message);
    throw error;
  }
  console.log(`wrote ${files.private} (keep it secret, mode 0600) and ${files.public} (register it)`);
  console.log(`public key fingerprint: ${await keyFingerprint(pair.publicKey)}`);
  return 0;
}

function message(values: Record<string, unknown>, time: string): SignedMessage {
  const uri = typeof values.uri === 'string' ? values.uri : (PATHS.syncStore ?? '');
  if (!uri.startsWith('/'))
    fail(`--uri must be the request's path (and query), starting with / (got ${JSON.stringify(uri)})`);
  return { method: 'POST', uri, clientId: text(values, 'client-id'), time, body: body(values) };
}

/** --time as the gateway takes a Request-Time: the contract's own pattern and words (read from the bundle). */
function requestTime(time: string): string {
  const checked = createValidator().validateHeaders('syncStore', { 'Request-Time': time });
  const violation = checked.valid ? undefined : checked.violations.find((v) => v.field === 'header Request-Time');
  if (violation !== undefined) fail(`--time ${violation.message.replace(/^header Request-Time: /, '')}`);
  if (!isCalendarTime(time))
    fail(`--time ${JSON.stringify(time)} has the form of a Request-Time but is no real date and time`);
  return time;
}
/** Epoch milliseconds, or an ISO 8601 date-time whose month, day, hour, minute and second exist (Date.parse takes 02-30). */
function isCalendarTime(time: string): boolean {
  if (Number.isNaN(parseTime(time))) return false;
  const parts = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(time)?.slice(1).map(Number);
  if (parts === undefined) return true;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = parts;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= days && hour <= 23 && minute <= 59 && second <= 59;
}

async function sign(args: string[]) {
  const spec = {
    key: 'string',
    'client-id': 'string',
    body: 'string',
    data: 'string',
    uri: 'string',
    time: 'string',
    'key-version': 'string',
    'base-url': 'string',
  } as const;
  const { values } = options(args, spec);
  const privateKey = readKey(values, 'key', 'private');
  const signed = message(values, typeof values.time === 'string' ? requestTime(values.time) : formatTime(new Date()));
  const keyVersion = typeof values['key-version'] === 'string' ? values['key-version'] : undefined;
  const header = await createSignatureHeader(signed, privateKey, keyVersion);
  const stringToSign = buildStringToSign(signed);
  const bytes = new TextEncoder().encode(stringToSign);
  const digest = Buffer.from(await crypto.subtle.digest('SHA-256', bytes)).toString('hex');
  const base =
    typeof values['base-url'] === 'string' ? values['base-url'].replace(/\/+$/, '') : 'http://127.0.0.1:4010';
  const quote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;
  console.log(`string to sign (${bytes.byteLength} bytes UTF-8, sha256 ${digest}):\n${stringToSign}\n`);
  console.log(`Signature: ${header}\n`);
  console.log(
    [
      `curl -sS -X POST ${quote(base + signed.uri)}`,
      `  -H 'Content-Type: application/json; charset=UTF-8'`,
      `  -H ${quote(`Client-Id: ${signed.clientId}`)}`,
      `  -H ${quote(`Request-Time: ${signed.time}`)}`,
      `  -H ${quote(`Signature: ${header}`)}`,
      // A body file is sent as the file, so curl sends the very bytes signed.
      `  --data-binary ${typeof values.body === 'string' && typeof values.data !== 'string' ? quote(`@${values.body}`) : quote(signed.body)}`,
    ].join(' \\\n'),
  );
  return 0;
}

async function verifyCommand(args: string[]) {
  const spec = {
    'public-key': 'string',
    'client-id': 'string',
    time: 'string',
    signature: 'string',
    body: 'string',
    data: 'string',
    uri: 'string',
  } as const;
  const { values } = options(args, spec);
  const publicKey = readKey(values, 'public-key', 'public');
  const diagnosis = await diagnoseSignature({
    message: message(values, text(values, 'time')),
    signatureHeader: text(values, 'signature'),
    publicKey,
  });
  console.log(`${diagnosis.valid ? 'valid' : `INVALID (${diagnosis.cause})`}: ${diagnosis.reason}`);
  console.log(
    `string verified (${diagnosis.bytes} bytes UTF-8, sha256 ${diagnosis.sha256}):\n${diagnosis.stringToSign}`,
  );
  console.log(`key: ${diagnosis.keyFingerprint}`);
  return diagnosis.valid ? 0 : 1;
}

async function validate(args: string[]) {
  const { values, positionals } = options(args, { data: 'string', 'warnings-as-errors': 'boolean' });
  const [operation, file] = positionals;
  if (operation !== 'syncStore' && operation !== 'updateStore') fail('say which operation: syncStore or updateStore');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body(values, file));
  } catch (error) {
    return fail(`the body is not JSON: ${(error as Error).message}`);
  }
  const validator = createValidator(undefined, { warningsAsErrors: values['warnings-as-errors'] === true });
  const result = validator.validateRequest(operation as OperationId, parsed);
  for (const warning of result.warnings) console.log(`warning: ${warning.message}`);
  if (result.valid) {
    console.log(`valid ${operation} request`);
    return 0;
  }
  for (const violation of result.violations) console.log(`violation: ${violation.message}`);
  return 1;
}

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = { keygen, sign, verify: verifyCommand, validate };
const HELP = ['-h', '--help'];
const VERSION = ['-v', '--version'];
/** This package's version, from its package.json (beside dist/ once built, beside src/ in the repo). */
const version = () =>
  (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const [command, ...rest] = process.argv.slice(2);
if (command === undefined) {
  console.error(USAGE);
  process.exit(2);
}
if (VERSION.includes(command) || command === 'version') {
  console.log(version());
  process.exit(0);
}
if (HELP.includes(command) || command === 'help') {
  const topic = rest[0];
  console.log(topic !== undefined && USAGES[topic] !== undefined ? `usage: ${USAGES[topic]}` : USAGE);
  process.exit(0);
}
const run = COMMANDS[command];
if (run === undefined) {
  console.error(`store-api: unknown command ${JSON.stringify(command)}; store-api --help lists the commands`);
  process.exit(2);
}
if (rest.some((arg) => HELP.includes(arg))) {
  console.log(`usage: ${USAGES[command]}\n${EXIT_CODES}`);
  process.exit(0);
}
run(rest).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`store-api ${command}: ${error.message} (store-api ${command} --help for its usage)`);
      process.exit(2);
    }
    console.error(`store-api ${command}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(3);
  },
);
