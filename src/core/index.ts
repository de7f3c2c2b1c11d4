export * from './errors.js';
export * from './gray-image.js';
export * from './image-origin.js';
export * from './geometry.js';
export * from './debug.js';
export * from './stall-clock.js';
