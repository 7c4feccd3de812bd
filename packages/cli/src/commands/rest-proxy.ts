/**
 * `samsa rest-proxy [kafka-rest.properties] [--bootstrap-server host:port]
 * [--listeners http://host:port] [--override key=value ...]`: the REST proxy on its own
 * (Confluent's `kafka-rest-start`), for any Kafka-compatible cluster. Keys are Confluent's
 * (listeners, bootstrap.servers); flags override the file. Runs until SIGTERM or SIGINT.
 */
import { RestProxy } from '@samsa/rest-proxy';
import { runHttpService } from '../cli/http-service.js';

export function run(args: string[]): Promise<number> {
  return runHttpService(
    {
      name: 'REST proxy',
      usage:
        'Usage: samsa rest-proxy [kafka-rest.properties] [--bootstrap-server host:port] [--listeners http://host:port] [--override key=value ...]',
      bootstrapKey: 'bootstrap.servers',
      start: (config, logger) => RestProxy.start({ config, logger }),
    },
    args,
  );
}
