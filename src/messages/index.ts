export { loadMessages, encodeMessage, decodeMessage, PROTO_PATH, type AfisMessages } from './proto.js';
