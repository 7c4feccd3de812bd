/**
 * `samsa schema-registry [schema-registry.properties] [--bootstrap-server host:port]
 * [--listeners http://host:port] [--override key=value ...]`: the Schema Registry on its own
 * (Confluent's `schema-registry-start`), for any Kafka-compatible cluster. Keys are Confluent's
 * (listeners, kafkastore.bootstrap.servers, kafkastore.topic, ...); flags override the file.
 * Runs until SIGTERM or SIGINT, then leaves the election group and closes.
 */
import { SchemaRegistry } from '@samsa/registry';
import { runHttpService } from '../cli/http-service.js';

export function run(args: string[]): Promise<number> {
  return runHttpService(
    {
      name: 'schema registry',
      usage:
        'Usage: samsa schema-registry [schema-registry.properties] [--bootstrap-server host:port] [--listeners http://host:port] [--override key=value ...]',
      bootstrapKey: 'kafkastore.bootstrap.servers',
      start: (config, logger) => SchemaRegistry.start({ config, logger }),
    },
    args,
  );
}
