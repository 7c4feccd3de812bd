/**
 * The worker side of CrcOffload: checks the record sets of one fetch response, in a buffer the
 * consumer transferred here, and transfers the buffer back with the verdicts.
 */
import { parentPort } from 'node:worker_threads';
import { recordSetCrcsValid } from '@samsa/protocol';

/** A response's buffer and where its record sets lie in it: [offset, length, offset, length...]. */
export interface CrcJob {
  id: number;
  memory: ArrayBuffer;
  sets: number[];
}

export interface CrcVerdict {
  id: number;
  memory: ArrayBuffer;
  /** Per record set: true when every batch's CRC matched. */
  valid: boolean[];
}

const port = parentPort;
if (port) {
  port.on('message', (job: CrcJob) => {
    const valid: boolean[] = [];
    for (let i = 0; i + 1 < job.sets.length; i += 2) {
      valid.push(recordSetCrcsValid(Buffer.from(job.memory, job.sets[i], job.sets[i + 1])));
    }
    const verdict: CrcVerdict = { id: job.id, memory: job.memory, valid };
    port.postMessage(verdict, [job.memory]);
  });
  port.postMessage('ready');
}
