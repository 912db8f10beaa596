// Everything here is generated from the bundled contract (spec/dist); edit the spec, never the output.
export type * from './generated/openapi.js';
