/**
 * Parsing of listeners / advertised.listeners ("NAME://host:port,...") and
 * listener.security.protocol.map ("NAME:PROTOCOL,..."), with Kafka's EndPoint and CoreUtils rules:
 * listener names are case-insensitive (normalised to upper case), IPv6 hosts go in brackets, an
 * empty host means every interface, each name appears once, and ports differ (port 0, an ephemeral
 * port for tests, may repeat; so may one IPv4 and one IPv6 listener sharing a port).
 */
import { isIP } from 'node:net';
import { ConfigError } from '@samsa/common';
import { SECURITY_PROTOCOLS } from './defs/network.js';

export type SecurityProtocol = (typeof SECURITY_PROTOCOLS)[number];

export interface Listener {
  /** Listener name, upper case (PLAINTEXT, INTERNAL, ...). */
  readonly name: string;
  /** Host to bind or advertise; '' means all interfaces (when advertised: this machine's hostname). */
  readonly host: string;
  /** 0 asks for an ephemeral port; the broker advertises the port it actually bound. */
  readonly port: number;
  readonly securityProtocol: SecurityProtocol;
}

export function isSecurityProtocol(s: string): s is SecurityProtocol {
  return (SECURITY_PROTOCOLS as readonly string[]).includes(s);
}

/** Csv.parseCsvMap: entries split on commas, each at its last colon. */
export function parseSecurityProtocolMap(key: string, value: string): ReadonlyMap<string, SecurityProtocol> {
  const map = new Map<string, SecurityProtocol>();
  if (value.trim() === '') return map;
  for (const entry of value.trim().split(/\s*,\s*/)) {
    const colon = entry.lastIndexOf(':');
    const name = entry.slice(0, colon).trim().toUpperCase();
    const protocol = entry.slice(colon + 1).trim();
    if (colon <= 0) throw ConfigError.invalidValue(key, value, `Expected NAME:PROTOCOL but found '${entry}'`);
    if (!isSecurityProtocol(protocol)) {
      throw ConfigError.invalidValue(key, value, `Invalid security protocol \`${protocol}\``);
    }
    map.set(name, protocol);
  }
  return map;
}

const ENDPOINT = /^(.*):\/\/\[?([0-9a-zA-Z\-%._:]*)\]?:(-?[0-9]+)$/;

export interface ParseListenersOptions {
  /** The config being parsed, named in errors. */
  readonly key: string;
  readonly protocols: ReadonlyMap<string, SecurityProtocol>;
  /** Kafka requires distinct ports for listeners but not for advertised listeners. */
  readonly requireDistinctPorts: boolean;
}

export function parseListeners(value: string, options: ParseListenersOptions): Listener[] {
  const { key } = options;
  const items = value.trim() === '' ? [] : value.trim().split(/\s*,\s*/);
  const listeners = items.map((item) => parseEndpoint(item, value, options));
  const names = new Set(listeners.map((l) => l.name));
  if (names.size !== listeners.length) {
    throw ConfigError.invalidValue(key, value, 'Each listener must have a different name');
  }
  if (options.requireDistinctPorts) checkDistinctPorts(key, value, listeners);
  return listeners;
}

function parseEndpoint(item: string, whole: string, options: ParseListenersOptions): Listener {
  const m = ENDPOINT.exec(item);
  if (!m) throw ConfigError.invalidValue(options.key, whole, `Unable to parse ${item} to a broker endpoint`);
  const name = (m[1] as string).toUpperCase();
  const port = Number(m[3]);
  if (port < 0 || port > 65535) {
    throw ConfigError.invalidValue(options.key, whole, `Port ${port} of listener ${name} is out of range`);
  }
  const securityProtocol = options.protocols.get(name);
  if (!securityProtocol) {
    throw ConfigError.invalidValue(options.key, whole, `No security protocol defined for listener ${name}`);
  }
  return { name, host: m[2] as string, port, securityProtocol };
}

/** Ports may repeat only for port 0, or for exactly one IPv4 and one IPv6 literal host. */
function checkDistinctPorts(key: string, value: string, listeners: readonly Listener[]): void {
  const byPort = new Map<number, Listener[]>();
  for (const l of listeners) {
    if (l.port === 0) continue;
    byPort.set(l.port, [...(byPort.get(l.port) ?? []), l]);
  }
  for (const [port, group] of byPort) {
    if (group.length === 1) continue;
    const families = group.map((l) => isIP(l.host));
    const dualStack = group.length === 2 && families.includes(4) && families.includes(6);
    if (!dualStack) {
      throw ConfigError.invalidValue(
        key,
        value,
        `Each listener must have a different port unless exactly one listener has an IPv4 address and the other IPv6 address, port: ${port}`,
      );
    }
  }
}
