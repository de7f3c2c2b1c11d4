/**
 * ANSI/NIST-ITL transactions in the traditional encoding: read, write, and the fingers they
 * carry. Field values are text exactly as stored (no trimming); binary image data is `data`.
 */
export * from './ansi-nist-record.js';
export { isAnsiNist, parseAnsiNist } from './parse-ansi-nist.js';
export { writeAnsiNist } from './write-ansi-nist.js';
