/**
 * `samsa configs --entity-type users|clients|ips`: client quotas through DescribeClientQuotas (48)
 * and AlterClientQuotas (49), as kafka-configs.sh does. An entity may combine a user and a client
 * id (`--user u --client c`, or `--entity-type users --entity-name u --entity-type clients
 * --entity-name c`), through the client's Admin.describeClientQuotas / alterClientQuotas; a broker
 * that does not list the API in ApiVersions gets a clear refusal instead.
 */
import type { Admin, QuotaEntity } from '@samsa/client';
import { ApiKey } from '@samsa/protocol';
import { CliError, EXIT, UsageError } from '../cli/errors.js';
import type { Output } from '../cli/output.js';

const ENTITY = { users: 'user', clients: 'client-id', ips: 'ip' } as const;
const LABEL: Record<string, string> = { user: 'user-principal', 'client-id': 'client-id', ip: 'ip' };
export type QuotaEntityType = keyof typeof ENTITY;

export function isQuotaEntityType(type: string): type is QuotaEntityType {
  return type in ENTITY;
}

/** One part of a quota entity: a name, null for the default entity, undefined for any (describe). */
export interface QuotaComponent {
  type: QuotaEntityType;
  name?: string | null;
}

async function requireApi(admin: Admin, key: number, name: string, entityType: string): Promise<void> {
  const conn = await admin.cluster.anyConnection();
  const versions = await conn.apiVersions();
  if (!versions.supports(key))
    throw new CliError(
      `--entity-type ${entityType} is not supported by this broker yet: it lacks the ${name} API (key ${key}) that client quotas need.`,
      EXIT.refused,
    );
}

/** Java's Double.toString, which kafka-configs.sh prints quota values with (1048576.0, 1.048576E7). */
export function javaDouble(v: number): string {
  const abs = Math.abs(v);
  if (abs === 0 || (abs >= 1e-3 && abs < 1e7)) return Number.isInteger(v) ? `${v}.0` : String(v);
  const [mantissa = '', exponent = '0'] = v.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

function describeEntity(entity: QuotaEntity): string {
  return (['user', 'client-id', 'ip'] as const)
    .filter((t) => t in entity)
    .map((t) => (entity[t] === null ? `the default ${LABEL[t]}` : `${LABEL[t]} '${entity[t]}'`))
    .join(', ');
}

export async function describeQuotas(admin: Admin, out: Output, components: QuotaComponent[]): Promise<void> {
  await requireApi(admin, ApiKey.DescribeClientQuotas, 'DescribeClientQuotas', components[0]?.type ?? 'users');
  const entries = await admin.describeClientQuotas({
    components: components.map((c) => ({ entityType: ENTITY[c.type], match: c.name })),
    // kafka-configs.sh describes with ClientQuotaFilter.containsOnly: only entities of exactly these types.
    strict: true,
  });
  if (out.json) return out.printJson(entries);
  for (const e of entries) {
    const values = Object.entries(e.quotas)
      .map(([k, v]) => `${k}=${javaDouble(v)}`)
      .join(', ');
    out.line(`Quota configs for ${describeEntity(e.entity)} are ${values}`);
  }
}

export async function alterQuotas(
  admin: Admin,
  out: Output,
  components: QuotaComponent[],
  set: Record<string, string>,
  remove: string[],
): Promise<void> {
  const first = components[0];
  if (!first) throw new UsageError('--alter needs an entity');
  if (components.some((c) => c.name === undefined))
    throw new UsageError('--alter needs an --entity-name or --entity-default for every --entity-type');
  if (Object.keys(set).length === 0 && remove.length === 0)
    throw new UsageError('--alter needs --add-config, --add-config-file or --delete-config');
  const both = remove.filter((k) => k in set);
  if (both.length > 0) throw new UsageError(`${both.join(', ')} in both --add-config and --delete-config`);
  await requireApi(admin, ApiKey.AlterClientQuotas, 'AlterClientQuotas', first.type);
  const quotas: Record<string, number | null> = {};
  for (const [key, v] of Object.entries(set)) {
    const value = Number(v);
    if (v.trim() === '' || !Number.isFinite(value)) throw new UsageError(`quota ${key} must be a number, got '${v}'`);
    quotas[key] = value;
  }
  for (const key of remove) quotas[key] = null;
  const entity: QuotaEntity = Object.fromEntries(components.map((c) => [ENTITY[c.type], c.name ?? null]));
  await admin.alterClientQuotas([{ entity, quotas }]);
  if (out.json) out.printJson({ altered: entity });
  // kafka-configs.sh names the first entity type and name only.
  else if (first.name === null) out.line(`Completed updating default config for ${first.type} in the cluster.`);
  else out.line(`Completed updating config for ${first.type.slice(0, -1)} ${first.name}.`);
}
