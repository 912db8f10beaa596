// What several packages' tests share, written once: key pairs, free ports, a scripted HTTP server.
export { generateRsaKeyPair, type PemKeyPair } from './keys.ts';
export * from './scripted-server.ts';
export { toolsPresent } from './tools.ts';
