/**
 * The one option parser every subcommand uses: commander (Kafka's `--flag value` style, repeated
 * flags, values that start with a dash such as `--time -1` or `--shift-by -2`), wrapped so that
 * a wrong command line becomes a UsageError (exit code 1) instead of commander's own exit, and so
 * that the options every networked tool shares are declared once.
 */
import { Command, CommanderError, Option } from 'commander';
import { UsageError } from './errors.js';

export { Option };

/** A Kafka-style tool: `samsa <name> [options]`, Kafka's flags, no positional arguments. */
export function tool(name: string, description: string): Command {
  const cmd = new Command(`samsa ${name}`)
    .description(description)
    .exitOverride()
    .allowExcessArguments(false)
    .helpOption('-h, --help', 'Print usage information.')
    .configureOutput({ writeErr: () => {}, outputError: () => {} })
    .showSuggestionAfterError(true);
  return cmd;
}

/** --bootstrap-server, --command-config and --timeout, shared by everything that talks to a broker. */
export function connectionOptions(cmd: Command, defaultTimeoutMs = 5000): Command {
  return cmd
    .option('--bootstrap-server <servers>', 'REQUIRED: host:port of the broker(s) to connect to, comma separated.')
    .option('--command-config <file>', 'A properties file of client configs (e.g. request.timeout.ms, client.id).')
    .option('--timeout <ms>', 'Give up on a request after this long.', int('--timeout'), defaultTimeoutMs);
}

/** --output text|json. */
export function outputOption(cmd: Command): Command {
  return cmd.addOption(
    new Option('--output <format>', 'Output format: text (tables, as Kafka prints) or json (for scripts).')
      .choices(['text', 'json'])
      .default('text'),
  );
}

/** Accumulates a repeated flag (`--config a=1 --config b=2`). */
export function repeated(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Parses an integer option value, failing with a message naming the flag. */
export function int(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n))
      throw new UsageError(`${flag} must be an integer, got '${value}'`);
    return n;
  };
}

/**
 * Parses `args` with `cmd`. Returns its options, or null when help was printed (exit 0).
 * Throws UsageError for anything commander rejects, with commander's message.
 */
export function parse<T>(cmd: Command, args: string[]): T | null {
  try {
    cmd.parse(args, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help') return null;
      throw new UsageError(err.message.replace(/^error: /, ''));
    }
    throw err;
  }
  return withDottedFlags(cmd.opts()) as T;
}

/**
 * Kafka's dotted flags (`--consumer.config`, `--producer.config`): commander keeps them under
 * their dotted name, so they are also given the camel-case name the tools read (`consumerConfig`);
 * without this such a flag would be accepted and silently ignored.
 */
function withDottedFlags(opts: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(opts)) {
    if (!key.includes('.')) continue;
    const camel = key.replace(/\.([a-z])/g, (_, c: string) => c.toUpperCase());
    opts[camel] ??= value;
  }
  return opts;
}

/** The usage text that follows a UsageError: a synopsis and where to find the full list. */
export function shortUsage(cmd: Command): string {
  return `Usage: ${cmd.name()} ${cmd.usage()}\nRun '${cmd.name()} --help' for all options.`;
}

/** Kafka's "exactly one action" rule: returns the action given, or throws naming the choices. */
export function exactlyOne<T extends string>(opts: Record<string, unknown>, actions: readonly T[]): T {
  const given = actions.filter((a) => opts[a] !== undefined && opts[a] !== false);
  if (given.length === 1) return given[0] as T;
  const names = actions.map((a) => `--${kebab(a)}`).join(', ');
  throw new UsageError(
    given.length === 0
      ? `Command must include exactly one action: ${names}`
      : `Only one action may be given, got ${given.map((a) => `--${kebab(a)}`).join(' and ')}`,
  );
}

export function required<T>(value: T | undefined, flag: string, why = ''): T {
  if (value === undefined || value === '') throw new UsageError(`Missing required argument "${flag}"${why}`);
  return value;
}

/** `k=v` pairs from repeated flags and/or comma-separated lists (`a=1,b=2`). */
export function keyValues(items: string[] | undefined, flag: string, splitCommas = false): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items ?? []) {
    for (const part of splitCommas ? splitConfigList(item) : [item]) {
      const at = part.indexOf('=');
      if (at <= 0) throw new UsageError(`${flag} expects key=value, got '${part}'`);
      out[part.slice(0, at).trim()] = part.slice(at + 1).trim();
    }
  }
  return out;
}

/** Splits `a=1,b=[x,y],c=2` on commas outside square brackets, as kafka-configs does. */
export function splitConfigList(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '[') depth++;
    if (ch === ']') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.length > 0) parts.push(cur);
  return parts.map((p) => p.replace(/=\[(.*)\]$/, '=$1')).filter((p) => p.trim().length > 0);
}

export function kebab(camel: string): string {
  return camel.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
