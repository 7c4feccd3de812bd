/**
 * A connector's task configurations as Kafka's Worker completes them (Worker.connectorTaskConfigs):
 * each gets `task.class` — the task's Java class name for Kafka's bundled connectors, else the
 * task class's static `className` or its name — and, for a sink, the connector's `topics` or
 * `topics.regex`. Kafka workers sharing a cluster need `task.class` to start a task.
 */
import type { SinkConnector, SourceConnector } from '../api/connector.js';

export function completeTaskConfigs(
  connector: SourceConnector | SinkConnector,
  connectorConfig: Readonly<Record<string, string>>,
): Array<Record<string, string>> {
  const maxTasks = Number(connectorConfig['tasks.max'] ?? 1);
  const taskClass = connector.taskClass() as { className?: string; name: string };
  const className = taskClass.className ?? taskClass.name;
  return connector.taskConfigs(maxTasks).map((c) => {
    const out: Record<string, string> = { ...c, 'task.class': className };
    if (connector.type === 'sink') {
      if (connectorConfig.topics) out.topics = connectorConfig.topics;
      if (connectorConfig['topics.regex']) out['topics.regex'] = connectorConfig['topics.regex'];
    }
    return out;
  });
}
