export * from './template.js';
export * from './template-binary.js';
