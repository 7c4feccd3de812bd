/** Small helpers the client tests share: a bound on every wait and unique topic names. */
/** Rejects after `ms` so no test waits forever. */
export function within<T>(ms: number, p: Promise<T>, what = 'operation'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

let seq = 0;
export function topicName(prefix = 't'): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${++seq}`;
}
