/** A Logger that keeps every line (level, message, fields with the child bindings) for assertions. */
import type { LogFields, Logger } from '@samsa/common';

export interface LogLine {
  level: string;
  msg: string;
  fields: LogFields;
}

export function recordingLogger(lines: LogLine[] = [], bindings: LogFields = {}): Logger & { lines: LogLine[] } {
  const at =
    (level: string) =>
    (a: LogFields | string, b?: string): void => {
      const [fields, msg] = typeof a === 'string' ? [{}, a] : [a, b ?? ''];
      lines.push({ level, msg, fields: { ...bindings, ...fields } });
    };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => recordingLogger(lines, { ...bindings, ...more }),
  } as Logger & { lines: LogLine[] };
}
