export * from './template.js';
export * from './template-binary.js';
export * from './template-json.js';
