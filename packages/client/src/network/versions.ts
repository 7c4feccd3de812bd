/**
 * Which versions of each API this client can use, and the per-broker choice: for every key the
 * highest version both sides support (min of the two maxima), as the Java client's ApiVersions does.
 * The codec covers every version; the minimums here are where the client's own logic starts to work
 * (record batches v2 need Produce v3 / Fetch v4, null topic lists need Metadata v1, ...).
 */
import { ApiKey, type ApiKeyNumber, apis } from '@samsa/protocol';
import { UnsupportedVersionError } from '../errors.js';

const CLIENT_MIN: Partial<Record<ApiKeyNumber, number>> = {
  [ApiKey.Produce]: 3,
  [ApiKey.Fetch]: 4,
  [ApiKey.ListOffsets]: 1,
  [ApiKey.Metadata]: 1,
  [ApiKey.OffsetCommit]: 2,
  [ApiKey.OffsetFetch]: 1,
};

export function clientRange(apiKey: ApiKeyNumber): { min: number; max: number } {
  const def = apis[apiKey];
  return { min: Math.max(def.minVersion, CLIENT_MIN[apiKey] ?? 0), max: def.maxVersion };
}

export interface BrokerApiRange {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
}

/** The versions negotiated with one broker. */
export class ApiVersionTable {
  private readonly chosen = new Map<number, number>();

  constructor(readonly brokerRanges: readonly BrokerApiRange[]) {
    for (const r of brokerRanges) {
      if (!(r.apiKey in apis)) continue;
      const ours = clientRange(r.apiKey as ApiKeyNumber);
      const v = Math.min(ours.max, r.maxVersion);
      if (v >= ours.min && v >= r.minVersion) this.chosen.set(r.apiKey, v);
    }
  }

  supports(apiKey: number): boolean {
    return this.chosen.has(apiKey);
  }

  /** The version to use for `apiKey`, optionally capped; throws when there is none in common. */
  version(apiKey: ApiKeyNumber, cap?: number): number {
    const v = this.chosen.get(apiKey);
    if (v === undefined) {
      throw new UnsupportedVersionError(`the broker supports no version of ${apis[apiKey].name} this client can use`);
    }
    if (cap !== undefined && cap < v) {
      const theirs = this.brokerRanges.find((r) => r.apiKey === apiKey);
      const floor = Math.max(clientRange(apiKey).min, theirs?.minVersion ?? 0);
      if (cap < floor) throw new UnsupportedVersionError(`${apis[apiKey].name} v${cap} is below the broker's range`);
      return cap;
    }
    return v;
  }
}
