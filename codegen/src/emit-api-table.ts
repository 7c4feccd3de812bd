/**
 * Emits generated/api-table.ts: every API key with its name, version range, first flexible version,
 * deprecated range, listeners and codec functions, plus type maps from key to request/response type.
 * Everything that needs "which APIs exist" (ApiVersions, the broker's handler table, the client)
 * starts from this one table.
 */
import { HEADER_NOTE } from './emit-file.js';
import type { ApiPair } from './generate.js';
import { parseRange } from './versions.js';

export function emitApiTable(apis: ApiPair[]): string {
  const imports = apis
    .map((a) => `import * as api${a.apiKey} from './${a.module.replace('src/generated/', '')}.js';`)
    .join('\n');
  const keys = apis.map((a) => `  ${a.name}: ${a.apiKey},`).join('\n');
  const typeMap = apis
    .map(
      (a) =>
        `  ${a.apiKey}: { request: api${a.apiKey}.${a.request.tsName}; response: api${a.apiKey}.${a.response.tsName} };`,
    )
    .join('\n');
  const entries = apis
    .map((a) => {
      const spec = a.request.spec;
      const flex = a.request.flexible;
      const dep = spec.deprecatedVersions ? parseRange(spec.deprecatedVersions) : undefined;
      return `  ${a.apiKey}: {
    apiKey: ${a.apiKey},
    name: '${a.name}',
    minVersion: ${a.request.valid.min},
    maxVersion: ${a.request.valid.max},
    firstFlexibleVersion: ${flex.min <= flex.max ? flex.min : -1},
    deprecatedVersions: ${dep ? `{ min: ${dep.min}, max: ${dep.max} }` : 'null'},
    listeners: ${JSON.stringify(spec.listeners ?? []).replace(/"/g, "'")},
    encodeRequest: api${a.apiKey}.encode${a.request.tsName},
    decodeRequest: api${a.apiKey}.decode${a.request.tsName},
    encodeResponse: api${a.apiKey}.encode${a.response.tsName},
    decodeResponse: api${a.apiKey}.decode${a.response.tsName},
    defaultRequest: api${a.apiKey}.default${a.request.tsName},
    defaultResponse: api${a.apiKey}.default${a.response.tsName},
  },`;
    })
    .join('\n');
  return `${HEADER_NOTE}
import type { Reader } from '../io/reader.js';
import type { Writer } from '../io/writer.js';
${imports}

/** API keys by Kafka's name for them. */
export const ApiKey = {
${keys}
} as const;
export type ApiKeyName = keyof typeof ApiKey;
export type ApiKeyNumber = (typeof ApiKey)[ApiKeyName];

/** Request and response types of each API key. */
export interface ApiMessages {
${typeMap}
}
export type RequestOf<K extends ApiKeyNumber> = ApiMessages[K]['request'];
export type ResponseOf<K extends ApiKeyNumber> = ApiMessages[K]['response'];

export interface ApiDefinition<Req = unknown, Res = unknown> {
  readonly apiKey: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  /** Lowest version using the flexible encoding (KIP-482), or -1 when none does. */
  readonly firstFlexibleVersion: number;
  readonly deprecatedVersions: { readonly min: number; readonly max: number } | null;
  /** Kafka processes that accept the request: zkBroker, broker (KRaft), controller. */
  readonly listeners: readonly string[];
  encodeRequest(w: Writer, value: Req, version: number): void;
  decodeRequest(r: Reader, version: number): Req;
  encodeResponse(w: Writer, value: Res, version: number): void;
  decodeResponse(r: Reader, version: number): Res;
  defaultRequest(): Req;
  defaultResponse(): Res;
}

export const apis: { readonly [K in ApiKeyNumber]: ApiDefinition<RequestOf<K>, ResponseOf<K>> } = {
${entries}
};

/** The definition of an API key, or undefined for a key this protocol version does not define. */
export function apiDefinition(apiKey: number): ApiDefinition | undefined {
  return Object.hasOwn(apis, apiKey) ? (apis as Record<number, ApiDefinition>)[apiKey] : undefined;
}
`;
}
