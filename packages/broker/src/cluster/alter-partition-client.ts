/**
 * Sends a leader's ISR changes to the controller with AlterPartition (key 56), over one connection
 * to whichever broker the metadata cache names as controller; when the controller moves, the next
 * request goes to the new one. Errors come back as the response's code (NOT_CONTROLLER and network
 * failures as REQUEST_TIMED_OUT), and the ISR changer retries at its next check.
 */
import type { Connection } from '@samsa/client';
import type { Logger } from '@samsa/common';
import { ErrorCode } from '@samsa/protocol';
import type { ClusterMetadataCache } from '../metadata/cluster-metadata-cache.js';
import { interBrokerConnection } from '../network/inter-broker-connection.js';
import type { AlterPartitionRequest, AlterPartitionResponse } from '../replica/isr-changer.js';

export class AlterPartitionClient {
  private conn: Connection | null = null;
  private connTo = -1;

  constructor(
    private readonly cache: ClusterMetadataCache,
    private readonly brokerId: number,
    private readonly brokerEpoch: () => bigint,
    private readonly listener: string,
    private readonly requestTimeoutMs: number,
    private readonly logger: Logger,
  ) {}

  readonly send = async (req: AlterPartitionRequest): Promise<AlterPartitionResponse> => {
    const failed = (errorCode: number): AlterPartitionResponse => ({
      errorCode,
      leaderEpoch: -1,
      isr: [],
      partitionEpoch: -1,
    });
    const conn = this.connection();
    if (!conn) return failed(ErrorCode.NOT_CONTROLLER);
    try {
      const r = await conn.request(
        56,
        {
          brokerId: this.brokerId,
          brokerEpoch: this.brokerEpoch(),
          topics: [
            {
              topicName: req.topic,
              topicId: req.topicId || 'AAAAAAAAAAAAAAAAAAAAAA',
              partitions: [
                {
                  partitionIndex: req.partition,
                  leaderEpoch: req.leaderEpoch,
                  newIsr: req.newIsr,
                  newIsrWithEpochs: req.newIsr.map((brokerId) => ({ brokerId, brokerEpoch: -1n })),
                  leaderRecoveryState: 0,
                  partitionEpoch: req.partitionEpoch,
                },
              ],
            },
          ],
        },
        // v1 names topics; the controller answers both, and a name needs no id lookup.
        { maxVersion: 1 },
      );
      if (r.errorCode !== ErrorCode.NONE) return failed(r.errorCode);
      const p = r.topics[0]?.partitions[0];
      if (!p) return failed(ErrorCode.UNKNOWN_SERVER_ERROR);
      return { errorCode: p.errorCode, leaderEpoch: p.leaderEpoch, isr: p.isr, partitionEpoch: p.partitionEpoch };
    } catch (err) {
      this.logger.debug({ err: String(err) }, 'AlterPartition failed');
      return failed(ErrorCode.REQUEST_TIMED_OUT);
    }
  };

  private connection(): Connection | null {
    const id = this.cache.controllerId();
    if (this.conn && this.connTo === id) return this.conn;
    this.conn?.close();
    this.conn = null;
    const b = this.cache.liveBroker(id);
    const e = b?.endpoints.find((x) => x.listener === this.listener) ?? b?.endpoints[0];
    if (!b || !e) return null;
    this.conn = interBrokerConnection(
      { nodeId: id, host: e.host, port: e.port },
      {
        brokerId: this.brokerId,
        requestTimeoutMs: this.requestTimeoutMs,
        logger: this.logger,
        purpose: 'alter-partition',
      },
    );
    this.connTo = id;
    return this.conn;
  }

  close(): void {
    this.conn?.close();
    this.conn = null;
  }
}
