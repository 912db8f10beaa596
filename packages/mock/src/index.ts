export type { Gateway, GatewayOptions, GatewayRequest, GatewayResponse, ValidationMode } from './gateway.js';
export { createGateway } from './gateway.js';
export { MAX_BODY_BYTES, MockStartError } from './http.js';
export { type ContractBreach, type ContractProxy, type ProxyOptions, startProxy } from './proxy.js';
export { type MockOptions, type MockServer, startMock } from './server.js';
