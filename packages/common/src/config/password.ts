/**
 * A secret (Kafka's Password). Its text is only reachable through `.value`; printing, logging or
 * JSON-encoding it shows "[hidden]", so a config dump or an error message cannot leak it.
 */
import { inspect } from 'node:util';

export const HIDDEN = '[hidden]';

export class Password {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  get value(): string {
    return this.#value;
  }

  toString(): string {
    return HIDDEN;
  }

  toJSON(): string {
    return HIDDEN;
  }

  [inspect.custom](): string {
    return `Password(${HIDDEN})`;
  }
}
