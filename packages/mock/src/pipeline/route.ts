// Step 2: the operation the method and path name. The gateway answers any other INVALID_API, saying which was
// meant when it is plain; in prism mode Prism answers it 404.
import type { Exchange } from './exchange.js';
import { refuse } from './result.js';

export function route(exchange: Exchange): void {
  const { context, request, path } = exchange;
  const method = request.method.toUpperCase();
  exchange.operation = context.validator.operations.find((op) => op.path === path && op.method === method);
  if (exchange.operation === undefined && !context.prismValidates)
    refuse(exchange, 'INVALID_API', notAnApi(context.validator.operations, request.method, path));
}

/** Why a method and path are no API, and the one meant where it is plain: another method, or a path's case. */
function notAnApi(
  operations: readonly { readonly method: string; readonly path: string }[],
  method: string,
  path: string,
): string {
  const said = `${method} ${path} is not an API of this contract`;
  const meant = operations.find((op) => op.path.toLowerCase() === path.toLowerCase());
  if (meant === undefined) return said;
  if (meant.path !== path) return `${said}: paths are case-sensitive; did you mean ${meant.method} ${meant.path}?`;
  return `${said}: ${meant.path} takes ${meant.method} only`;
}
