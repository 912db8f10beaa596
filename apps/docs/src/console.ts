// "Try it against the local mock": a panel under each operation of the reference page that signs a request in the
// browser (WebCrypto, through @store-api/signing) and sends it to the mock. esbuild bundles this file into the page
// (src/console-build.ts); its data (the examples, the test keys) is a JSON script the build writes beside it.
// No key ever leaves the page: the private key signs here, and only the signed request is sent, to the mock URL.
import { createSignatureHeader, diagnoseSignature, formatTime, verify } from '@store-api/signing';

/** What the build writes into the page (console-build.ts). */
export interface ConsoleData {
  readonly mockUrl: string;
  readonly clientId: string;
  /** PUBLIC TEST KEY: the published test client key pair (spec/test-vector/signature.json). */
  readonly testClientPrivateKey: string;
  /** PUBLIC TEST KEY: the public half of the mock's published platform key, which signs its answers. */
  readonly platformPublicKey: string;
  readonly operations: readonly {
    readonly operationId: string;
    readonly path: string;
    readonly examples: readonly { readonly name: string; readonly summary: string; readonly body: string }[];
  }[];
}

type Operation = ConsoleData['operations'][number];

/** The id of the script element holding the data. */
export const DATA_ID = 'try-console-data';

/** A value between single quotes for a POSIX shell. */
const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/** The curl command that sends the same bytes with the same headers. */
export function curlCommand(url: string, headers: Readonly<Record<string, string>>, body: string): string {
  return [
    `curl -sS -i -X POST ${shellQuote(url)}`,
    ...Object.entries(headers).map(([name, value]) => `-H ${shellQuote(`${name}: ${value}`)}`),
    `--data-binary ${shellQuote(body)}`,
  ].join(' \\\n  ');
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const made = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
  made.append(...children);
  return made;
}

/** One operation's panel: the form, and where the answer is shown. */
function panel(data: ConsoleData, operation: Operation): HTMLElement {
  const id = `try-${operation.operationId}`;
  const field = (name: string) => `${id}-${name}`;
  const url = element('input', { id: field('url'), type: 'url', spellcheck: 'false', autocomplete: 'off' });
  url.value = data.mockUrl;
  const example = element(
    'select',
    { id: field('example') },
    ...operation.examples.map((e) => element('option', { value: e.name }, `${e.summary} (${e.name})`)),
  );
  const body = element('textarea', { id: field('body'), rows: '12', spellcheck: 'false', autocomplete: 'off' });
  body.value = operation.examples[0]?.body ?? '{}';
  example.addEventListener('change', () => {
    body.value = operation.examples.find((e) => e.name === example.value)?.body ?? body.value;
  });
  const clientId = element('input', { id: field('client-id'), spellcheck: 'false', autocomplete: 'off' });
  clientId.value = data.clientId;
  const testKey = element('input', { type: 'radio', name: field('key'), value: 'test', id: field('key-test') });
  testKey.checked = true;
  const ownKey = element('input', { type: 'radio', name: field('key'), value: 'own', id: field('key-own') });
  // spellcheck off: a browser's spelling service must not see a pasted key.
  const pasted = element('textarea', {
    id: field('private-key'),
    rows: '6',
    spellcheck: 'false',
    autocomplete: 'off',
    placeholder: '-----BEGIN PRIVATE KEY-----',
  });
  const pastedLabel = element('label', { for: field('private-key') }, 'Your private key (PKCS#8 PEM)');
  const pastedBlock = element('div', { class: 'try-pasted', hidden: '' }, pastedLabel, pasted);
  const showPasted = () => {
    pastedBlock.hidden = !ownKey.checked;
  };
  testKey.addEventListener('change', showPasted);
  ownKey.addEventListener('change', showPasted);
  pasted.addEventListener('input', () => {
    ownKey.checked = true;
    showPasted();
  });
  const send = element('button', { type: 'submit', class: 'try-send' }, 'Sign and send');
  const result = element('div', { class: 'try-result', role: 'status', 'aria-live': 'polite', id: field('result') });

  const fileNote =
    location.protocol === 'file:'
      ? element(
          'p',
          { class: 'try-note' },
          'This page is open from a file, so the browser sends ',
          element('code', {}, 'Origin: null'),
          ', which the mock refuses unless started with ',
          element('code', {}, '--cors local,null'),
          ' (file pages may then call the store API, never the admin API).',
        )
      : '';
  const form = element(
    'form',
    { class: 'try-form', 'aria-labelledby': field('title') },
    element('h3', { id: field('title') }, 'Try it against the local mock'),
    element(
      'p',
      {},
      'Signs the request in this page (WebCrypto) and sends it to the mock at the URL below: start one with ',
      element('code', {}, 'npm start'),
      ' or ',
      element('code', {}, 'npx store-api-mock'),
      '. The private key never leaves the page; only the signed request is sent.',
    ),
    fileNote,
    element('label', { for: field('url') }, 'Mock URL'),
    url,
    element('label', { for: field('example') }, 'Example'),
    example,
    element('label', { for: field('body') }, 'Body (sent and signed exactly as written)'),
    body,
    element('label', { for: field('client-id') }, 'Client-Id'),
    clientId,
    element(
      'fieldset',
      {},
      element('legend', {}, 'Sign with'),
      element(
        'div',
        {},
        testKey,
        element(
          'label',
          { for: field('key-test') },
          'the published test client key (PUBLIC TEST KEY, ',
          element('code', {}, 'spec/test-vector/signature.json'),
          ')',
        ),
      ),
      element('div', {}, ownKey, element('label', { for: field('key-own') }, 'a private key I paste')),
      pastedBlock,
    ),
    send,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    send.disabled = true;
    result.dataset.state = 'sending';
    result.replaceChildren(element('p', {}, 'Signing and sending…'));
    const key = ownKey.checked ? pasted.value.trim() : data.testClientPrivateKey;
    void exchange(data, operation, { mockUrl: url.value, clientId: clientId.value, body: body.value, key })
      .then((shown) => {
        result.replaceChildren(...shown.nodes);
        result.dataset.state = shown.state;
      })
      .finally(() => {
        send.disabled = false;
      });
  });
  return element(
    'section',
    { class: 'try-console', id, 'data-operation': operation.operationId },
    form,
    element('div', { class: 'try-answer' }, element('h4', {}, 'Answer'), result),
  );
}

interface Shown {
  /** `answered`, `refused` (no answer could be read) or `unsigned` (the key would not sign). */
  readonly state: string;
  readonly nodes: Node[];
}

const block = (title: string, text: string, className = '') =>
  element(
    'div',
    { class: `try-block ${className}`.trim() },
    element('p', { class: 'try-label' }, title),
    element('pre', { tabindex: '0' }, text),
  );

/** Signs and sends one request, and says what came back. */
async function exchange(
  data: ConsoleData,
  operation: Operation,
  input: { mockUrl: string; clientId: string; body: string; key: string },
): Promise<Shown> {
  const base = input.mockUrl.trim().replace(/\/+$/, '');
  const target = `${base}${operation.path}`;
  const time = formatTime(new Date());
  const message = { method: 'POST', uri: operation.path, clientId: input.clientId, time, body: input.body };
  let signature: string;
  try {
    signature = await createSignatureHeader(message, input.key, 1);
  } catch {
    return {
      state: 'unsigned',
      nodes: [
        element(
          'p',
          { class: 'try-bad' },
          'Not sent: the key is not an RSA private key in PKCS#8 PEM (-----BEGIN PRIVATE KEY-----). A PKCS#1 key ' +
            '(-----BEGIN RSA PRIVATE KEY-----) converts with: openssl pkcs8 -topk8 -nocrypt -in key.pem',
        ),
      ],
    };
  }
  const headers = {
    'Content-Type': 'application/json; charset=UTF-8',
    'Client-Id': input.clientId,
    'Request-Time': time,
    Signature: signature,
  };
  const curl = block('The same request with curl', curlCommand(target, headers, input.body), 'try-curl');
  let response: Response;
  try {
    response = await fetch(target, { method: 'POST', headers, body: input.body, mode: 'cors', credentials: 'omit' });
  } catch {
    const fromFile = location.protocol === 'file:';
    return {
      state: 'refused',
      nodes: [
        element(
          'p',
          { class: 'try-bad' },
          `No answer from ${base}: no mock is running there, or it refused this page's origin (${fromFile ? 'null, a file page' : location.origin}). ` +
            (fromFile
              ? 'Start the mock with --cors local,null to let pages opened from a file call it.'
              : 'The mock admits pages on localhost, 127.0.0.1 and [::1] by default; another origin needs --cors <origin>.'),
        ),
        curl,
      ],
    };
  }
  const text = await response.text();
  const nodes: Node[] = [];
  let answer: { result?: { resultCode?: string; resultStatus?: string; resultMessage?: string } } | undefined;
  try {
    answer = JSON.parse(text);
  } catch {
    answer = undefined;
  }
  const result = answer?.result;
  nodes.push(
    element(
      'p',
      { class: 'try-outcome' },
      result?.resultCode === undefined
        ? `HTTP ${response.status}`
        : `HTTP ${response.status} · ${result.resultCode} (${result.resultStatus}): ${result.resultMessage}`,
    ),
  );
  nodes.push(await signatureVerdict(data, operation, response, text));
  const diagnosis = response.headers.get('x-mock-diagnosis');
  if (diagnosis !== null) nodes.push(diagnosisBlock(diagnosis));
  // On INVALID_SIGNATURE the violations header repeats the diagnosis's reason: shown once.
  for (const [header, title] of [
    ['x-mock-violations', 'What the mock found wrong (x-mock-violations)'],
    ['x-mock-warnings', 'Warnings (x-mock-warnings)'],
  ] as const) {
    if (header === 'x-mock-violations' && diagnosis !== null) continue;
    const value = response.headers.get(header);
    if (value !== null) nodes.push(block(title, listOf(value)));
  }
  if (response.headers.get('x-mock-idempotent-replay') !== null)
    nodes.push(element('p', {}, 'A replay: this requestId was answered before, and that answer is sent again.'));
  nodes.push(block('Body', answer === undefined ? text : JSON.stringify(answer, null, 2), 'try-body'));
  nodes.push(curl);
  return { state: 'answered', nodes };
}

/** A JSON list from a header, one item a line. */
function listOf(header: string): string {
  try {
    const items: unknown = JSON.parse(header);
    return Array.isArray(items) ? items.map(String).join('\n') : header;
  } catch {
    return header;
  }
}

/** Whether the answer's signature verifies with the mock's platform key. */
async function signatureVerdict(
  data: ConsoleData,
  operation: Operation,
  response: Response,
  text: string,
): Promise<HTMLElement> {
  const header = response.headers.get('signature');
  const time = response.headers.get('response-time');
  const clientId = response.headers.get('client-id');
  if (header === null || time === null || clientId === null)
    return element(
      'p',
      { class: 'try-signature try-bad', 'data-verified': 'false' },
      'The answer is not signed (a mock started with --unsigned-responses, or not the mock).',
    );
  const message = { method: 'POST', uri: operation.path, clientId, time, body: text };
  if (await verify(message, header, data.platformPublicKey))
    return element(
      'p',
      { class: 'try-signature try-good', 'data-verified': 'true' },
      "The answer's signature verifies with the mock's platform key (its PUBLIC TEST KEY, built into this page).",
    );
  const why = await diagnoseSignature({ message, signatureHeader: header, publicKey: data.platformPublicKey });
  return element(
    'p',
    { class: 'try-signature try-bad', 'data-verified': 'false' },
    `The answer's signature does not verify with the mock's platform key (a mock started with --platform-key signs with another): ${why.reason}`,
  );
}

/** The mock's x-mock-diagnosis: why it refused the request's signature. */
function diagnosisBlock(header: string): HTMLElement {
  let shown = header;
  try {
    const d = JSON.parse(header) as {
      cause?: string;
      reason?: string;
      stringToSign?: string;
      bytes?: number;
      sha256?: string;
      keyFingerprint?: string;
    };
    shown = [
      `cause: ${d.cause}`,
      `${d.reason}`,
      '',
      `the string the mock verified (${d.bytes} bytes, SHA-256 ${d.sha256}):`,
      `${d.stringToSign}`,
      '',
      `the public key it verified with: ${d.keyFingerprint ?? 'none registered'}`,
    ].join('\n');
  } catch {
    // Shown as sent.
  }
  return block("The mock's diagnosis (x-mock-diagnosis)", shown, 'try-diagnosis');
}

/** Puts each operation's panel at the end of its section, again whenever Redoc renders the section anew. */
function mount(data: ConsoleData): void {
  const panels = new Map(data.operations.map((operation) => [operation.operationId, panel(data, operation)]));
  const place = () => {
    for (const [operationId, made] of panels) {
      if (made.isConnected) continue;
      const section = [...document.querySelectorAll<HTMLElement>('[data-section-id]')].find((s) =>
        s.dataset.sectionId?.toLowerCase().endsWith(`/${operationId.toLowerCase()}`),
      );
      if (section === undefined) continue;
      // Laid out as Redoc's own rows: the form in the middle column, the answer in the right one.
      const row = section.querySelector<HTMLElement>(':scope > div:last-of-type');
      const middle = row?.querySelector('[data-testid="middle-panel"]');
      const right = row?.querySelector('[data-testid="right-panel"]');
      if (row === null || row === undefined || middle === null || middle === undefined) continue;
      const [form, answer] = made.children as unknown as [HTMLElement, HTMLElement];
      made.className = `try-console ${row.className}`;
      form.className = `try-form ${middle.className}`;
      answer.className = `try-answer ${right?.className ?? ''}`.trim();
      section.append(made);
    }
  };
  place();
  new MutationObserver(place).observe(document.documentElement, { subtree: true, childList: true });
}

// Only in a page (the build and the tests import this module's types and helpers in Node).
const script = typeof document === 'undefined' ? null : document.getElementById(DATA_ID);
if (script !== null) mount(JSON.parse(script.textContent ?? '{}') as ConsoleData);
