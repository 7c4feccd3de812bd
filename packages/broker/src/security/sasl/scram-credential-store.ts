/**
 * The broker's SCRAM credentials: read from the metadata store (parsed once per change), written
 * through it by AlterUserScramCredentials. The single owner of credential state in the broker; its
 * writes are serialized so two alterations of one user cannot interleave.
 */
import type { MetadataStore } from '../../metadata/metadata-store.js';
import {
  formatScramCredential,
  parseScramCredential,
  type ScramCredential,
  type ScramMechanism,
} from './scram-credential.js';

export class ScramCredentialStore {
  private cache = new Map<string, ScramCredential>();
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly store: MetadataStore) {
    this.reload();
  }

  /** Whether this store can hold credentials at all (cluster mode does not yet). */
  get writable(): boolean {
    return typeof this.store.setScramCredential === 'function';
  }

  reload(): void {
    const next = new Map<string, ScramCredential>();
    for (const [user, byMechanism] of Object.entries(this.store.scramCredentials?.() ?? {})) {
      for (const [mechanism, text] of Object.entries(byMechanism)) {
        const c = parseScramCredential(text);
        if (c) next.set(key(user, mechanism), c);
      }
    }
    this.cache = next;
  }

  get(user: string, mechanism: ScramMechanism): ScramCredential | undefined {
    return this.cache.get(key(user, mechanism));
  }

  /** user → mechanism → iterations, for DescribeUserScramCredentials and `samsa configs --describe`. */
  users(): Map<string, Map<ScramMechanism, number>> {
    const out = new Map<string, Map<ScramMechanism, number>>();
    for (const [k, c] of this.cache) {
      const [user, mechanism] = JSON.parse(k) as [string, ScramMechanism];
      if (!out.has(user)) out.set(user, new Map());
      out.get(user)?.set(mechanism, c.iterations);
    }
    return out;
  }

  set(user: string, mechanism: ScramMechanism, credential: ScramCredential | null): Promise<void> {
    const run = this.chain.then(async () => {
      await this.store.setScramCredential?.(user, mechanism, credential ? formatScramCredential(credential) : null);
      this.reload();
    });
    this.chain = run.catch(() => {});
    return run;
  }
}

function key(user: string, mechanism: string): string {
  return JSON.stringify([user, mechanism]);
}
