/**
 * The REST proxy's error answers by Confluent's REST Proxy codes and messages; @samsa/common/http's
 * one mapping writes `{ error_code, message }`.
 */
import { HttpError } from '@samsa/common/http';

export const RestErrors = {
  clusterNotFound: (id: string) => new HttpError(404, `Cluster ${id} cannot be found.`, 404),
  brokerNotFound: (id: string) => new HttpError(404, `Broker ${id} cannot be found.`, 404),
  topicNotFound: () => new HttpError(404, 'This server does not host this topic-partition.', 404),
  partitionNotFound: () => new HttpError(404, 'This server does not host this topic-partition.', 404),
  topicExists: (t: string) => new HttpError(400, `Topic '${t}' already exists.`, 40002),
  badRequest: (message: string) => new HttpError(400, message, 400),
  invalidPayload: (message: string) => new HttpError(400, message, 42206),
};
