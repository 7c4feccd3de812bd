/** A destination that keeps what a logger writes, line by line. */
export function collect(): { write(chunk: string): boolean; lines: string[]; json(): Record<string, unknown>[] } {
  const lines: string[] = [];
  return {
    lines,
    write(chunk: string) {
      for (const line of chunk.split('\n')) if (line.length > 0) lines.push(line);
      return true;
    },
    json: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

/** Runs `body` with SAMSA_LOG_LEVEL set to `value` (or unset), restoring the previous value. */
export function withLogLevelEnv<T>(value: string | undefined, body: () => T): T {
  const saved = process.env.SAMSA_LOG_LEVEL;
  if (value === undefined) delete process.env.SAMSA_LOG_LEVEL;
  else process.env.SAMSA_LOG_LEVEL = value;
  try {
    return body();
  } finally {
    if (saved === undefined) delete process.env.SAMSA_LOG_LEVEL;
    else process.env.SAMSA_LOG_LEVEL = saved;
  }
}
