/**
 * DescribeLogDirs (key 35), v0-4.
 * - Every log dir of this broker with the size of each partition in it (all partitions when topics
 *   is null), and from v4 the dir's total and usable bytes; an offline dir (after an I/O failure)
 *   with KAFKA_STORAGE_ERROR and no partitions.
 * - Needs DESCRIBE on the cluster (else CLUSTER_AUTHORIZATION_FAILED), as in Kafka.
 */
import {
  defaultDescribeLogDirsResponse,
  defaultDescribeLogDirsResponseDescribeLogDirsPartition,
  defaultDescribeLogDirsResponseDescribeLogDirsResult,
  defaultDescribeLogDirsResponseDescribeLogDirsTopic,
  ErrorCode,
} from '@samsa/protocol';
import { AclOperation, requireCluster } from '../security/authorizer/authorize.js';
import { defineHandler } from './handler.js';

export default defineHandler({
  apiKey: 35,
  minVersion: 0,
  maxVersion: 4,
  handle(ctx, request) {
    requireCluster(ctx, AclOperation.DESCRIBE);
    const wanted =
      request.topics === null ? null : new Map(request.topics.map((t) => [t.topic, new Set(t.partitions)] as const));
    const response = defaultDescribeLogDirsResponse();
    for (const dir of ctx.broker.logs.dirs()) {
      const result = defaultDescribeLogDirsResponseDescribeLogDirsResult();
      result.logDir = dir.path;
      // A dir taken offline after an I/O failure (a full disk): Kafka answers KAFKA_STORAGE_ERROR.
      if (dir.offline) result.errorCode = ErrorCode.KAFKA_STORAGE_ERROR;
      result.totalBytes = BigInt(dir.totalBytes);
      result.usableBytes = BigInt(dir.usableBytes);
      const byTopic = new Map<string, ReturnType<typeof defaultDescribeLogDirsResponseDescribeLogDirsTopic>>();
      for (const p of dir.partitions) {
        if (wanted && !wanted.get(p.topic)?.has(p.partition)) continue;
        let topic = byTopic.get(p.topic);
        if (!topic) {
          topic = defaultDescribeLogDirsResponseDescribeLogDirsTopic();
          topic.name = p.topic;
          byTopic.set(p.topic, topic);
          result.topics.push(topic);
        }
        const e = defaultDescribeLogDirsResponseDescribeLogDirsPartition();
        e.partitionIndex = p.partition;
        e.partitionSize = BigInt(p.size);
        e.offsetLag = BigInt(p.offsetLag);
        topic.partitions.push(e);
      }
      response.results.push(result);
    }
    return response;
  },
  errorResponse(_request, errorCode) {
    const response = defaultDescribeLogDirsResponse();
    response.errorCode = errorCode;
    return response;
  },
});
