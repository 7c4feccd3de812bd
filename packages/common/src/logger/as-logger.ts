import type { LogFields, Logger, LogMethods } from './logger.js';

/**
 * A Logger from a user's object that has the level methods but no child(): its children add
 * their bindings to each call's fields. A Logger (pino included) is returned as it is.
 */
export function asLogger(log: Logger | LogMethods): Logger {
  return typeof (log as Partial<Logger>).child === 'function' ? (log as Logger) : bound(log, {});
}

function bound(log: LogMethods, bindings: LogFields): Logger {
  const method =
    (m: keyof LogMethods) =>
    (fieldsOrMsg: LogFields | string, msg?: string): void => {
      const noBindings = Object.keys(bindings).length === 0;
      if (typeof fieldsOrMsg === 'string') {
        if (noBindings) log[m](fieldsOrMsg);
        else log[m]({ ...bindings }, fieldsOrMsg);
      } else log[m](noBindings ? fieldsOrMsg : { ...bindings, ...fieldsOrMsg }, msg ?? '');
    };
  return {
    debug: method('debug'),
    info: method('info'),
    warn: method('warn'),
    error: method('error'),
    child: (more) => bound(log, { ...bindings, ...more }),
  };
}
