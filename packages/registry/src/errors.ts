/**
 * The registry's error answers, by Confluent's codes and messages (its `Errors` and
 * `RestException` classes), so serializers and tools that branch on `error_code` behave as they do
 * against Confluent's registry. Every route throws one of these; @samsa/common/http's one mapping
 * writes `{ error_code, message }` with the HTTP status (the code's first three digits).
 */
import { HttpError } from '@samsa/common/http';

const err = (status: number, code: number, message: string) => new HttpError(status, message, code);

export const RegistryErrors = {
  subjectNotFound: (s: string) => err(404, 40401, `Subject '${s}' not found.`),
  versionNotFound: (v: number | string) => err(404, 40402, `Version ${v} not found.`),
  schemaNotFound: (id?: number) => err(404, 40403, id === undefined ? 'Schema not found' : `Schema ${id} not found`),
  subjectSoftDeleted: (s: string) =>
    err(404, 40404, `Subject '${s}' was soft deleted.Set permanent=true to delete permanently`),
  subjectNotSoftDeleted: (s: string) =>
    err(404, 40405, `Subject '${s}' was not deleted first before being permanently deleted`),
  versionSoftDeleted: (s: string, v: number) =>
    err(404, 40406, `Subject '${s}' Version ${v} was soft deleted.Set permanent=true to delete permanently`),
  versionNotSoftDeleted: (s: string, v: number) =>
    err(404, 40407, `Subject '${s}' Version ${v} was not deleted first before being permanently deleted`),
  subjectCompatibilityNotConfigured: (s: string) =>
    err(404, 40408, `Subject '${s}' does not have subject-level compatibility configured`),
  subjectModeNotConfigured: (s: string) =>
    err(404, 40409, `Subject '${s}' does not have subject-level mode configured`),
  incompatible: (subject: string, details: string[]) =>
    err(
      409,
      409,
      `Schema being registered is incompatible with an earlier schema for subject "${subject}", details: [${details.join(', ')}]`,
    ),
  invalidSchema: (detail: string) => err(422, 42201, `Invalid schema ${detail}`),
  invalidVersion: (v: string) =>
    err(
      422,
      42202,
      `The specified version '${v}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`,
    ),
  invalidCompatibilityLevel: () =>
    err(
      422,
      42203,
      'Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive',
    ),
  invalidMode: (m: string) => err(422, 42204, `Invalid mode. Valid values are READWRITE, READONLY, IMPORT; got ${m}`),
  operationNotPermitted: (message: string) => err(422, 42205, message),
  referenceExists: (message: string) => err(422, 42206, message),
  invalidSchemaId: (message: string) => err(422, 42207, message),
  storeError: (message: string) => err(500, 50001, `Error in the backend data store - ${message}`),
  timeout: (message: string) => err(500, 50002, `Error while waiting on the backend data store - ${message}`),
  forwardingFailed: (message: string) =>
    err(500, 50003, `Error while forwarding the request to the leader: ${message}`),
  unknownLeader: () => err(500, 50004, 'Unknown leader'),
};
