/**
 * Parser for Kafka's inline JAAS syntax (`sasl.jaas.config`), as Kafka's JaasConfig reads it; shared
 * by the broker (server login modules) and the tools (client credentials in --command-config):
 *
 *   <LoginModuleClass> <flag> [<key>=<value> ...];   (one or more entries, each ending in ';')
 *
 * flag is required | requisite | sufficient | optional (any case). A value is a double-quoted
 * string (backslash escapes the next character) or a bare word. Kafka requires exactly one login
 * module in a `sasl.jaas.config` value; callers enforce that with `singleLoginModule`.
 */
import { ConfigError } from './config-error.js';

export type LoginModuleFlag = 'REQUIRED' | 'REQUISITE' | 'SUFFICIENT' | 'OPTIONAL';

export interface LoginModule {
  readonly className: string;
  readonly flag: LoginModuleFlag;
  readonly options: ReadonlyMap<string, string>;
}

type Token = { kind: 'word' | 'quoted'; text: string } | { kind: '=' | ';' };

const FLAGS: readonly LoginModuleFlag[] = ['REQUIRED', 'REQUISITE', 'SUFFICIENT', 'OPTIONAL'];

function isWordChar(c: string): boolean {
  return !/[\s=;"]/.test(c);
}

/** Splits the text into words, quoted strings, '=' and ';'. Throws on an unterminated quote. */
export function tokenizeJaas(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '=' || c === ';') {
      tokens.push({ kind: c });
      i++;
    } else if (c === '"') {
      let out = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new JaasSyntaxError('unterminated quoted string');
        const q = text[i] as string;
        if (q === '\\' && i + 1 < text.length) {
          out += text[i + 1];
          i += 2;
        } else if (q === '"') {
          i++;
          break;
        } else {
          out += q;
          i++;
        }
      }
      tokens.push({ kind: 'quoted', text: out });
    } else {
      let j = i;
      while (j < text.length && isWordChar(text[j] as string)) j++;
      tokens.push({ kind: 'word', text: text.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

export class JaasSyntaxError extends Error {
  override readonly name = 'JaasSyntaxError';
}

/** Parses every login module entry. Throws JaasSyntaxError with what was expected. */
export function parseJaasConfig(text: string): LoginModule[] {
  const tokens = tokenizeJaas(text);
  const modules: LoginModule[] = [];
  let i = 0;
  const next = () => tokens[i++];
  while (i < tokens.length) {
    const cls = next();
    if (cls?.kind !== 'word') throw new JaasSyntaxError('expected a login module class name');
    const flagToken = next();
    const flag = flagToken?.kind === 'word' ? (flagToken.text.toUpperCase() as LoginModuleFlag) : undefined;
    if (!flag || !FLAGS.includes(flag)) {
      throw new JaasSyntaxError(
        `expected a control flag (required, requisite, sufficient, optional) after ${cls.text}`,
      );
    }
    const options = new Map<string, string>();
    for (;;) {
      const t = next();
      if (t === undefined) throw new JaasSyntaxError(`login module ${cls.text} is not terminated by ';'`);
      if (t.kind === ';') break;
      if (t.kind !== 'word') throw new JaasSyntaxError(`expected an option name in ${cls.text}`);
      if (next()?.kind !== '=') throw new JaasSyntaxError(`expected '=' after option ${t.text}`);
      const v = next();
      if (v?.kind !== 'word' && v?.kind !== 'quoted')
        throw new JaasSyntaxError(`expected a value for option ${t.text}`);
      options.set(t.text, v.text);
    }
    modules.push({ className: cls.text, flag, options });
  }
  return modules;
}

/** The one login module of a `sasl.jaas.config` value; a ConfigError naming `key` otherwise. */
export function singleLoginModule(key: string, text: string): LoginModule {
  let modules: LoginModule[];
  try {
    modules = parseJaasConfig(text);
  } catch (err) {
    throw ConfigError.invalidValue(key, '[hidden]', `Invalid JAAS configuration: ${(err as Error).message}`);
  }
  if (modules.length !== 1) {
    throw ConfigError.invalidValue(
      key,
      '[hidden]',
      `JAAS config property contains ${modules.length} login modules, should be 1 module`,
    );
  }
  return modules[0] as LoginModule;
}
