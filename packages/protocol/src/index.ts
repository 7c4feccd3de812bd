export * from './consumer-protocol.js';
export * from './errors/index.js';
export * from './frame.js';
export * from './generated/index.js';
export * from './io/codec-support.js';
export { Reader } from './io/reader.js';
export { Writer } from './io/writer.js';
export * from './records/index.js';
