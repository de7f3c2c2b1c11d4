/**
 * The standard codecs, one folder each: ANSI/NIST-ITL transactions, ISO/IEC 19794-2:2005 and
 * ANSI INCITS 378-2004 minutiae records, WSQ images. Pure functions over bytes; none imports sharp.
 */
export * from './ansi-nist/index.js';
export * from './iso19794-2/index.js';
export * from './incits378/index.js';
export * from './wsq/index.js';
