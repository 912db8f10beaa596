// What keeps web pages out of the mock: a page on a foreign origin can send simple POSTs without a preflight, and a
// DNS-rebinding page can read same-origin answers under a foreign Host. So before anything else:
//   - a request whose Origin the CORS setting does not allow is refused (browsers send Origin on every POST, and
//     on any cross-origin request; the vendor's SDKs and test code never do);
//   - an admin request must name this machine in Host (a loopback address or name, or a name the user allowed),
//     carry the admin token when one is set, and send a JSON body, if any, as application/json.
import { timingSafeEqual } from 'node:crypto';
import { ADMIN_PREFIX } from './admin.js';
import { allowedOrigin, type CorsOption, type HttpRequest, type HttpResponse } from './http.js';
import { problem } from './problem.js';

export interface GuardOptions {
  readonly cors?: CorsOption | undefined;
  /** Host names besides loopback ones the admin API answers to (e.g. a container's name). */
  readonly allowedHosts?: readonly string[] | undefined;
  /** When set, every admin request must carry `authorization: Bearer <token>`. */
  readonly adminToken?: string | undefined;
}

/** The host name of a Host header (`127.0.0.1:4010` → `127.0.0.1`, `[::1]:4010` → `::1`), lower case. */
export function hostName(host: string): string {
  const text = host.trim().toLowerCase();
  if (text.startsWith('[')) return text.slice(1, text.indexOf(']') < 0 ? undefined : text.indexOf(']'));
  const colon = text.lastIndexOf(':');
  return colon < 0 ? text : text.slice(0, colon);
}

/** Whether a host name is this machine: localhost (and *.localhost), 127.0.0.0/8, ::1. */
export function isLoopback(name: string): boolean {
  return (
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    name === '::1' ||
    /^127\.(25[0-5]|2[0-4]\d|1?\d?\d)\.(25[0-5]|2[0-4]\d|1?\d?\d)\.(25[0-5]|2[0-4]\d|1?\d?\d)$/.test(name)
  );
}

const JSON_BODY = /^application\/json\s*(;|$)/i;

/** Undefined when the request may go on; else the refusal, naming the header and the rule. */
export function guard(request: HttpRequest, options: GuardOptions): HttpResponse | undefined {
  const origin = request.headers.origin;
  const path = request.url;
  const admin = path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`) || path.startsWith(`${ADMIN_PREFIX}?`);
  // The admin API never admits Origin: null, whatever allowedOrigin says (`--cors null` is for the store API).
  if (origin !== undefined && ((admin && origin === 'null') || allowedOrigin(origin, options.cors, path) === undefined))
    return problem(
      403,
      'Origin not allowed',
      `a page on ${JSON.stringify(origin.slice(0, 200))} may not call the mock: its CORS setting (--cors) does not allow that origin`,
    );
  if (!admin) return undefined;
  const name = hostName(request.headers.host ?? '');
  if (!isLoopback(name) && !(options.allowedHosts ?? []).includes(name))
    return problem(
      403,
      'Host not allowed',
      `the admin API answers only to this machine's names (localhost, 127.0.0.1, [::1]) and those given with --allow-host; Host was ${JSON.stringify((request.headers.host ?? '').slice(0, 200))}`,
    );
  if (options.adminToken !== undefined) {
    const given = Buffer.from(request.headers.authorization ?? '');
    const wanted = Buffer.from(`Bearer ${options.adminToken}`);
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted))
      return problem(
        401,
        'Admin token required',
        'this mock was started with --admin-token: send authorization: Bearer <token>',
      );
  }
  const method = request.method.toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') {
    const type = request.headers['content-type'];
    if ((type !== undefined || request.body !== '') && !JSON_BODY.test(type ?? ''))
      return problem(
        415,
        'Admin writes take JSON',
        `an admin ${method} must send its body as content-type: application/json (got ${type === undefined ? 'none' : JSON.stringify(type.slice(0, 100))})`,
      );
  }
  return undefined;
}
