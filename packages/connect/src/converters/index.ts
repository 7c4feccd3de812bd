/** The converters Kafka ships, by their class names. */
export { JSON_CONVERTER_CONFIG, JsonConverter } from './json-converter.js';
export { doubleText, floatText, JsonNumber, type JsonValue, parseJson, writeJson } from './json-text.js';
export { ByteArrayConverter, StringConverter } from './simple-converters.js';
export { SimpleHeaderConverter } from './simple-header-converter.js';
