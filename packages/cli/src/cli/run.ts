/**
 * Runs one subcommand: parses its command line, gives the body a context (options, the output
 * layer, a lazily created admin client, things to close), and turns whatever it throws into a
 * message and an exit code (errors.ts). Admin-style tools also get a watchdog, so that no call
 * outlives its --timeout by more than a little, whatever the client does.
 */
import { Admin } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import type { Command } from 'commander';
import { adminConfig, bootstrapOf, type ConnectionFlags, readPropertiesFile } from './client-config.js';
import { describeFailure, EXIT, UsageError } from './errors.js';
import { parse, shortUsage } from './options.js';
import { Output } from './output.js';

export interface Context<O> {
  opts: O;
  out: Output;
  /** The admin client for --bootstrap-server (created on first use, closed at the end). */
  admin(): Admin;
  /** Registers cleanup to run when the command ends, however it ends. */
  onClose(fn: () => Promise<void> | void): void;
}

export interface RunOptions<O> {
  /**
   * The whole command is abandoned (exit 3) after this many milliseconds; null: no bound (tools
   * that run until stopped, like the console consumer).
   */
  watchdogMs?: (opts: O) => number | null;
}

export async function runTool<O extends ConnectionFlags & { output?: string }>(
  cmd: Command,
  args: string[],
  body: (ctx: Context<O>) => Promise<number | undefined>,
  options: RunOptions<O> = {},
): Promise<number> {
  let opts: O | null;
  try {
    opts = parse<O>(cmd, args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${cmd.name()}: ${err.message}\n${shortUsage(cmd)}\n`);
    return EXIT.usage;
  }
  if (opts === null) return EXIT.ok;
  const out = new Output(opts.output);
  const closers: Array<() => Promise<void> | void> = [];
  let admin: Admin | null = null;
  const o = opts;
  const ctx: Context<O> = {
    opts: o,
    out,
    admin() {
      admin ??= new Admin(adminConfig(o, silentLogger, (s) => out.warn(s)));
      return admin;
    },
    onClose(fn) {
      closers.push(fn);
    },
  };
  // Read when needed: the body may fill in --bootstrap-server (from a deprecated --zookeeper).
  const bootstrap = () => safeBootstrap(o);
  let timer: NodeJS.Timeout | undefined;
  try {
    const limit = options.watchdogMs ? options.watchdogMs(o) : defaultWatchdog(o);
    const run = body(ctx).then((code) => code ?? EXIT.ok);
    if (limit === null) return await run;
    const watchdog = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        out.error(`timed out after ${limit} ms waiting for the broker at ${bootstrap()}`);
        resolve(EXIT.unreachable);
      }, limit);
    });
    return await Promise.race([run, watchdog]);
  } catch (err) {
    if (err instanceof UsageError) {
      out.info(`${cmd.name()}: ${err.message}\n${shortUsage(cmd)}`);
      return EXIT.usage;
    }
    const { message, code } = describeFailure(err, bootstrap());
    out.error(message);
    return code;
  } finally {
    clearTimeout(timer);
    out.clearProgress();
    for (const fn of closers.reverse()) await Promise.resolve(fn()).catch(() => {});
    await (admin as Admin | null)?.close().catch(() => {});
  }
}

function safeBootstrap(o: ConnectionFlags): string | undefined {
  try {
    return bootstrapOf(o);
  } catch {
    return undefined;
  }
}

/**
 * A few calls' worth of the timeout in force (--timeout, or a longer one from --command-config):
 * one command makes at most a handful of sequential calls.
 */
function defaultWatchdog(o: ConnectionFlags): number {
  let timeout = o.timeout ?? 5000;
  if (o.commandConfig) {
    try {
      const p = readPropertiesFile(o.commandConfig);
      for (const k of ['default.api.timeout.ms', 'request.timeout.ms']) timeout = Math.max(timeout, Number(p[k]) || 0);
    } catch {
      // an unreadable file fails the command itself, with its own message
    }
  }
  return timeout * 3 + 2000;
}
