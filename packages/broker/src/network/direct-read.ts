/**
 * Hands a TLS socket's decrypted bytes to the connection without the Readable machinery.
 *
 * Why: node's TLS socket delivers one chunk per TLS record, and clients choose the record size.
 * librdkafka writes records of about 2 KiB (measured: a 1 MB produce request arrives in ~450
 * chunks over SSL, in ~16 over PLAINTEXT), and every chunk pushed through Readable costs a
 * nextTick (maybeReadMore) and a read(0) besides the 'data' event. Taking the chunk in push()
 * itself, while the stream flows with nothing buffered, skips that and keeps the bytes in order.
 *
 * Everything else stays node's: end of stream (push(null)), and any chunk while the connection has
 * paused the socket or Readable still holds buffered bytes, go through the original push, which
 * buffers, stops reading at the high-water mark, and resumes on resume() as usual. The fast path
 * always answers true, so it never stops the handle behind Readable's back.
 */
import type { Socket } from 'node:net';

type Push = (chunk: unknown, encoding?: BufferEncoding) => boolean;

/**
 * Routes `socket`'s data chunks to `onData` while it flows; `onData` must also be the socket's
 * 'data' listener (it receives what Readable buffered while paused).
 */
export function readDirectly(socket: Socket, onData: (chunk: Buffer) => void): void {
  const push = socket.push as Push;
  (socket as { push: Push }).push = function directPush(this: Socket, chunk, encoding) {
    if (Buffer.isBuffer(chunk) && chunk.length > 0 && this.readableFlowing === true && this.readableLength === 0) {
      onData(chunk);
      return true;
    }
    return push.call(this, chunk, encoding);
  };
}
