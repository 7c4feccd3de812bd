export * from './error-codes.js';
export * from './kafka-error.js';
export * from './protocol-error.js';
