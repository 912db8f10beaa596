// What several packages' tests share, written once: key pairs, free ports, a scripted HTTP server.
export { generateRsaKeyPair, type PemKeyPair } from './keys.js';
export * from './scripted-server.js';
export { toolsPresent } from './tools.js';
