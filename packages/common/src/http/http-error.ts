/**
 * The one error type an HTTP route throws to answer with a status other than 500. Every Samsa HTTP
 * server (the broker's admin listener, the console, the registry, the REST proxy, Connect's REST
 * API) maps it the same way (http-server.ts): status `status`, body `{ error_code, message }`, the
 * shape Confluent's REST services use, so existing tooling reads our errors.
 */
export class HttpError extends Error {
  constructor(
    /** HTTP status to answer with (400-599). */
    readonly status: number,
    message: string,
    /** error_code in the body: the status unless a finer code exists (e.g. the registry's 40401). */
    readonly errorCode: number = status,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The JSON body of every error answer. */
export interface HttpErrorBody {
  error_code: number;
  message: string;
}
