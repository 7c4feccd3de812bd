/**
 * `samsa configs --entity-type users|clients`: client quotas through DescribeClientQuotas (48) and
 * AlterClientQuotas (49). The client has no quota API, so these go through its connections
 * directly; a broker that does not list the API in ApiVersions gets a clear refusal instead.
 */
import { type Admin, KafkaError } from '@samsa/client';
import { ApiKey } from '@samsa/protocol';
import { CliError, EXIT } from '../cli/errors.js';
import type { Output } from '../cli/output.js';

const ENTITY = { users: 'user', clients: 'client-id' } as const;
export type QuotaEntityType = keyof typeof ENTITY;

async function requireApi(admin: Admin, key: number, name: string, entityType: string): Promise<void> {
  const conn = await admin.cluster.anyConnection();
  const versions = await conn.apiVersions();
  if (!versions.supports(key))
    throw new CliError(
      `--entity-type ${entityType} is not supported by this broker yet: it lacks the ${name} API (key ${key}) that client quotas need.`,
      EXIT.refused,
    );
}

export async function describeQuotas(
  admin: Admin,
  out: Output,
  type: QuotaEntityType,
  name: string | null,
  isDefault: boolean,
): Promise<void> {
  await requireApi(admin, ApiKey.DescribeClientQuotas, 'DescribeClientQuotas', type);
  const res = await admin.cluster.any(ApiKey.DescribeClientQuotas, {
    components: [
      { entityType: ENTITY[type], matchType: isDefault ? 1 : name === null ? 2 : 0, match: isDefault ? null : name },
    ],
    strict: false,
  });
  if (res.errorCode !== 0) throw new KafkaError(res.errorCode, res.errorMessage);
  const entries = (res.entries ?? []).map((e) => ({
    entity: Object.fromEntries(e.entity.map((x) => [x.entityType, x.entityName])),
    quotas: Object.fromEntries(e.values.map((v) => [v.key, v.value])),
  }));
  if (out.json) return out.printJson(entries);
  for (const e of entries) {
    const who = Object.entries(e.entity)
      .map(([t, n]) => `${t}=${n === null ? '<default>' : `'${n}'`}`)
      .join(', ');
    const values = Object.entries(e.quotas)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    out.line(`Quota configs for ${who} are ${values}`);
  }
}

export async function alterQuotas(
  admin: Admin,
  out: Output,
  type: QuotaEntityType,
  name: string | null,
  set: Record<string, string>,
  remove: string[],
): Promise<void> {
  await requireApi(admin, ApiKey.AlterClientQuotas, 'AlterClientQuotas', type);
  const ops = [
    ...Object.entries(set).map(([key, v]) => {
      const value = Number(v);
      if (!Number.isFinite(value)) throw new CliError(`quota ${key} must be a number, got '${v}'`, EXIT.usage);
      return { key, value, remove: false };
    }),
    ...remove.map((key) => ({ key, value: 0, remove: true })),
  ];
  const res = await admin.cluster.any(ApiKey.AlterClientQuotas, {
    entries: [{ entity: [{ entityType: ENTITY[type], entityName: name }], ops }],
    validateOnly: false,
  });
  for (const e of res.entries) if (e.errorCode !== 0) throw new KafkaError(e.errorCode, e.errorMessage);
  const what = name === null ? `the default ${ENTITY[type]}` : `${ENTITY[type]}-principal '${name}'`;
  if (!out.json) out.line(`Completed updating config for ${what}.`);
}
