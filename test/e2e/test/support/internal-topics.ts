/**
 * What a framework's internal topics look like on Samsa, as its admin client would see them:
 * partitions, the replication factor of every partition, and cleanup.policy (DescribeConfigs).
 */
import { Admin, silentLogger } from '@samsa/client';

export interface TopicShape {
  partitions: number;
  /** Each partition's replica count, deduplicated: [3] when every partition has three. */
  replicas: number[];
  cleanupPolicy: string | null;
}

export async function topicShapes(bootstrap: string, names: string[]): Promise<Record<string, TopicShape>> {
  const admin = new Admin({ bootstrapServers: bootstrap, logger: silentLogger });
  try {
    const topics = await admin.describeTopics(names);
    const configs = await admin.describeConfigs(
      names.map((name) => ({ type: 'topic', name, keys: ['cleanup.policy'] })),
    );
    const shapes: Record<string, TopicShape> = {};
    for (const t of topics) {
      shapes[t.name] = {
        partitions: t.partitions.length,
        replicas: [...new Set(t.partitions.map((p) => p.replicas.length))],
        cleanupPolicy:
          configs.find((c) => c.name === t.name)?.configs.find((e) => e.name === 'cleanup.policy')?.value ?? null,
      };
    }
    return shapes;
  } finally {
    await admin.close();
  }
}
