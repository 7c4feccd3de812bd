/**
 * Why the herder refused a request, by the exceptions Kafka Connect's REST layer maps to statuses:
 * NotFoundException (404), AlreadyExistsException (409), BadRequestException (400),
 * RebalanceNeededException (409). The REST routes map `kind` to the status; the herder knows no HTTP.
 */
import { ConnectError } from '../api/errors.js';

export type HerderErrorKind = 'NOT_FOUND' | 'ALREADY_EXISTS' | 'BAD_REQUEST' | 'CONFLICT';

export class HerderError extends ConnectError {
  constructor(
    readonly kind: HerderErrorKind,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'HerderError';
  }
}

export const STATUS_OF_KIND: Readonly<Record<HerderErrorKind, number>> = {
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  BAD_REQUEST: 400,
  CONFLICT: 409,
};
