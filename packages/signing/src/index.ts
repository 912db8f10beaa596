export {
  type DiagnoseInput,
  diagnoseSignature,
  type SignatureCause,
  type SignatureDiagnosis,
} from './diagnose.js';
export { readBounded } from './read.js';
export {
  buildStringToSign,
  createSignatureHeader,
  formatSignatureHeader,
  formatTime,
  type KeyInput,
  keyFingerprint,
  parseSignatureHeader,
  parseTime,
  type SignatureHeader,
  type SignedMessage,
  sign,
  verify,
} from './signature.js';
