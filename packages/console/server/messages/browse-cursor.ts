/**
 * A page position of the message browser: a direction and one offset per partition. Forward reads
 * start at each offset; backward reads end just before it. Sent to the page as an opaque base64url
 * string that it hands back for the next or previous page (offsets only: nothing secret).
 */
import { badRequest } from '../http-errors.js';

export interface BrowseCursor {
  direction: 'forward' | 'backward';
  positions: Map<number, bigint>;
}

export function encodeCursor(c: BrowseCursor): string {
  const p = Object.fromEntries([...c.positions].map(([k, v]) => [k, v.toString()]));
  return Buffer.from(JSON.stringify({ d: c.direction === 'forward' ? 'f' : 'b', p })).toString('base64url');
}

export function decodeCursor(text: string): BrowseCursor {
  try {
    const o = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { d: string; p: Record<string, string> };
    if ((o.d !== 'f' && o.d !== 'b') || typeof o.p !== 'object' || o.p === null) throw new Error('shape');
    const positions = new Map<number, bigint>();
    for (const [k, v] of Object.entries(o.p)) {
      const partition = Number(k);
      const offset = BigInt(v);
      if (!Number.isInteger(partition) || partition < 0 || offset < 0n) throw new Error('values');
      positions.set(partition, offset);
    }
    return { direction: o.d === 'f' ? 'forward' : 'backward', positions };
  } catch {
    throw badRequest('cursor is not one this console issued');
  }
}
