// Signs the mock's answers with the platform key. A response-time has whole seconds, so within one second the same
// answer to the same caller signs the same string: those signatures are remembered until the second changes.
import { buildStringToSign, createSignatureHeader, type KeyInput } from '@store-api/signing';

/** At most this many signatures, and this many characters of signed text, are remembered in one second. */
const MAX_ENTRIES = 256;
const MAX_CHARS = 1024 * 1024;

export class ResponseSigner {
  readonly #key: KeyInput;
  readonly #signatures = new Map<string, string>();
  #second = '';
  #chars = 0;

  constructor(privateKey: KeyInput) {
    this.#key = privateKey;
  }

  /** The `signature` header for an answer sent at `time` (a formatted response-time). */
  async header(method: string, uri: string, clientId: string, time: string, body: string): Promise<string> {
    const message = { method, uri, clientId, time, body };
    const text = buildStringToSign(message);
    const known = this.#known(time, text);
    if (known !== undefined) return known;
    const header = await createSignatureHeader(message, this.#key, 1);
    if (time === this.#second && this.#signatures.size < MAX_ENTRIES && this.#chars + text.length <= MAX_CHARS) {
      this.#signatures.set(text, header);
      this.#chars += text.length;
    }
    return header;
  }

  /**
   * The header when this second already signed the same answer, else undefined: the usual answer is signed with no
   * promise to wait for (`header` signs the others).
   */
  known(method: string, uri: string, clientId: string, time: string, body: string): string | undefined {
    return this.#known(time, buildStringToSign({ method, uri, clientId, time, body }));
  }

  #known(time: string, text: string): string | undefined {
    if (time !== this.#second) {
      this.#second = time;
      this.#signatures.clear();
      this.#chars = 0;
    }
    return this.#signatures.get(text);
  }

  /** How many signatures are remembered now (for tests). */
  get size(): number {
    return this.#signatures.size;
  }
}
