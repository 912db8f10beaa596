// Static answers: a documented example is the same answer every time (the gateway stamps client-id, response-time
// and the signature itself, in pipeline/sign.ts), so the gateway serves it from this table, built once from the bundle,
// instead of asking Prism. Prism, loaded on first use, answers what varies: `Prefer: dynamic=true`, any Prefer part
// other than `example=` and `code=200`, and every request in `validation: 'prism'` mode.
// Earned: Prism no longer loads at start (`node scripts/bench-startup.ts` measures import to first answer), and a
// request no longer goes through Prism's negotiation and example lookup (`npm run bench:mock` measures the path).
// test/static-answers.test.ts holds every entry equal to Prism's own answer for the same request.
import type { OperationContract } from '@store-api/validator';

export interface StaticResponse {
  readonly status: number;
  /** As Prism writes them, less the headers the gateway stamps itself. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** The body as sent (serialised once, here). */
  readonly text: string;
}

/** What a Prefer header asks of the table: an example by name (or the default), or something only Prism does. */
export type Preference = { readonly example: string | undefined } | 'prism';

/**
 * A Prefer header's `key=value` parts (keys in lower case, values unquoted), as Prism reads them; `bare` when a
 * part is a word without `=`. The one reader of Prefer: the gateway checks the outcomes it names with it too.
 */
export function parsePrefer(prefer: string | undefined): {
  readonly parts: Map<string, string>;
  readonly bare: boolean;
} {
  const parts = new Map<string, string>();
  let bare = false;
  for (const part of (prefer ?? '').split(/[,;]/)) {
    const at = part.indexOf('=');
    if (at > 0)
      parts.set(
        part.slice(0, at).trim().toLowerCase(),
        part
          .slice(at + 1)
          .trim()
          .replace(/^"|"$/g, ''),
      );
    else if (part.trim() !== '') bare = true;
  }
  return { parts, bare };
}

/** Reads `Prefer` for the parts the table serves: `example=<name>` and `code=200`; anything else is Prism's. */
export function readPreference(prefer: string | undefined): Preference {
  const { parts, bare } = parsePrefer(prefer);
  if (bare) return 'prism';
  for (const [key, value] of parts) if (key !== 'example' && !(key === 'code' && value === '200')) return 'prism';
  return { example: parts.get('example') };
}

export class StaticAnswers {
  readonly #table = new Map<string, Map<string, StaticResponse>>();
  readonly #first = new Map<string, StaticResponse>();

  constructor(operations: readonly OperationContract[]) {
    for (const operation of operations) {
      const examples = new Map<string, StaticResponse>();
      for (const example of operation.responses['200']?.examples ?? []) {
        const response: StaticResponse = {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: example.value,
          text: JSON.stringify(example.value),
        };
        examples.set(example.name, response);
        if (!this.#first.has(operation.operationId)) this.#first.set(operation.operationId, response);
      }
      this.#table.set(operation.operationId, examples);
    }
  }

  /** The response for a request to `operationId` with this Prefer, or undefined when Prism must answer it. */
  answer(operationId: string, prefer: string | undefined): StaticResponse | undefined {
    // No Prefer (the usual request): the default, without reading an empty header into a Map.
    if (prefer === undefined) return this.#first.get(operationId);
    const wanted = readPreference(prefer);
    if (wanted === 'prism') return undefined;
    if (wanted.example === undefined) return this.#first.get(operationId);
    return this.#table.get(operationId)?.get(wanted.example);
  }
}
