/**
 * Parser for a JAAS login configuration file (what `java.security.auth.login.config` names in
 * Kafka): named sections, each a list of login modules in the syntax of `sasl.jaas.config`.
 *
 *   KafkaServer { org.apache.kafka.common.security.plain.PlainLoginModule required ...; };
 *   Client { org.apache.zookeeper.server.auth.DigestLoginModule required username="k" password="s"; };
 *
 * `//` and `/* *\/` comments are allowed outside quoted strings, as in Java's ConfigFile.
 */
import { JaasSyntaxError, type LoginModule, parseJaasConfig } from './jaas-config.js';

/** Sections by name; throws JaasSyntaxError naming the section or position at fault. */
export function parseJaasFile(text: string): Map<string, LoginModule[]> {
  const sections = new Map<string, LoginModule[]>();
  const src = stripComments(text);
  let i = 0;
  while (i < src.length) {
    const open = indexOutsideQuotes(src, '{', i);
    if (open < 0) {
      if (src.slice(i).trim() !== '')
        throw new JaasSyntaxError(`expected a section '<Name> { ... };' near "${src.slice(i).trim().slice(0, 20)}"`);
      break;
    }
    const name = src.slice(i, open).trim();
    if (!/^[\w.-]+$/.test(name)) throw new JaasSyntaxError(`expected a section name before '{', found "${name}"`);
    const close = indexOutsideQuotes(src, '}', open + 1);
    if (close < 0) throw new JaasSyntaxError(`section ${name} is not closed by '}'`);
    let modules: LoginModule[];
    try {
      modules = parseJaasConfig(src.slice(open + 1, close));
    } catch (err) {
      throw new JaasSyntaxError(`in section ${name}: ${(err as Error).message}`);
    }
    i = close + 1;
    while (i < src.length && /\s/.test(src[i] as string)) i++;
    if (src[i] !== ';') throw new JaasSyntaxError(`section ${name} must end with '};'`);
    i++;
    sections.set(name, modules);
  }
  return sections;
}

function indexOutsideQuotes(src: string, ch: string, from: number): number {
  let quoted = false;
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (quoted && c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (!quoted && c === ch) return i;
  }
  return -1;
}

function stripComments(text: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      out += c;
      if (c === '\\' && i + 1 < text.length) out += text[++i];
      else if (c === '"') quoted = false;
    } else if (c === '"') {
      quoted = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
      out += ' ';
    } else out += c;
  }
  return out;
}
