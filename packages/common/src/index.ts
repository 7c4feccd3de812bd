/**
 * @samsa/common: the pieces every package builds on, so that each exists once.
 * - logger/: the one Logger shape (pino's), a pino factory for processes and a silent logger.
 * - config/: the one config-definition module (names, types, defaults, validators, docs, sources).
 */
export * from './config/index.js';
export * from './logger/index.js';
