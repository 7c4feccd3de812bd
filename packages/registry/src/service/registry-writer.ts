/**
 * Every change to the registry, run on the leader only and one at a time: each decision is taken
 * from the replayed state, written to `_schemas` as Confluent's records, and confirmed by reading
 * it back (KafkaStore.append waits for the replay). Before deciding, the writer reads the topic to
 * its end, so a newly elected leader (or a stale one) never hands out an id it has not seen; if a
 * concurrent writer's record won the id or version anyway, the registration is decided again.
 *
 * Owner: the SchemaRegistry; routes call it through the leader check (followers forward).
 */
import { RegistryErrors } from '../errors.js';
import { COMPATIBILITY_LEVELS, type CompatibilityLevel, compatibilityErrors } from '../formats/index.js';
import type { KafkaStore } from '../store/kafka-store.js';
import type { RegistryRecord, SchemaValue } from '../store/records.js';
import type { SchemaStore } from '../store/schema-store.js';
import { effectiveCompatibility, effectiveMode, parseVersion, subjectVersion } from './reads.js';
import { findSameSchema, parseStored, type SchemaRequest } from './schema-request.js';

export const MODES = ['READWRITE', 'READONLY', 'READONLY_OVERRIDE', 'IMPORT'] as const;

export class RegistryWriter {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: SchemaStore,
    private readonly log: KafkaStore,
    private readonly defaultCompatibility: CompatibilityLevel,
  ) {}

  /** Runs `fn` after every earlier write, on state read to the end of the topic. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      await this.log.readToEnd();
      return fn();
    });
    this.queue = run.catch(() => {});
    return run;
  }

  /** Registering and deleting are refused while the subject (or the registry) is read-only. */
  private checkWritable(subject: string): string {
    const mode = effectiveMode(this.store, subject);
    if (mode === 'READONLY' || mode === 'READONLY_OVERRIDE')
      throw RegistryErrors.operationNotPermitted(`Subject ${subject} is in read-only mode`);
    return mode;
  }

  register(subject: string, req: SchemaRequest, normalize: boolean): Promise<{ id: number }> {
    return this.serial(async () => {
      for (let attempt = 0; attempt < 5; attempt++) {
        const mode = this.checkWritable(subject);
        const same = findSameSchema(this.store, subject, req, normalize);
        if (same !== undefined) return { id: same.id };
        if (mode !== 'IMPORT') this.checkCompatibility(subject, req);
        const all = this.store.versionsOf(subject, true);
        const version = mode === 'IMPORT' && req.version !== undefined ? req.version : (all.at(-1)?.version ?? 0) + 1;
        const id = this.chooseId(req, mode);
        const value: SchemaValue = { subject, version, id, ...req.content, deleted: false };
        const [outcome] = await this.log.append([{ key: { keytype: 'SCHEMA', subject, version }, value }]);
        if (outcome === 'applied') return { id };
        await this.log.readToEnd(); // another writer won the id or version: decide again on its state
      }
      throw RegistryErrors.storeError(`could not register a schema under ${subject}: concurrent writes`);
    });
  }

  private chooseId(req: SchemaRequest, mode: string): number {
    if (mode === 'IMPORT' && req.id !== undefined) {
      const taken = this.store.schemaById(req.id);
      if (taken !== undefined && taken.schema !== req.content.schema)
        throw RegistryErrors.operationNotPermitted(`Overwrite new schema with id ${req.id} is not permitted.`);
      return req.id;
    }
    return this.store.idOf(req.content) ?? this.store.maxId + 1;
  }

  private checkCompatibility(subject: string, req: SchemaRequest): void {
    const level = effectiveCompatibility(this.store, subject, this.defaultCompatibility);
    const previous = this.store.versionsOf(subject, false).map((v) => ({
      version: v.version,
      schema: parseStored(this.store, v),
    }));
    const errors = compatibilityErrors(level, req.parsed, previous);
    if (errors.length > 0) throw RegistryErrors.incompatible(subject, errors);
  }

  deleteVersion(subject: string, versionText: string, permanent: boolean): Promise<number> {
    return this.serial(async () => {
      this.checkWritable(subject);
      // A numbered version is found soft-deleted too (to answer 40406); `latest` means the latest live one.
      const v = subjectVersion(this.store, subject, versionText, permanent || parseVersion(versionText) !== 'latest');
      if (!permanent && v.deleted) throw RegistryErrors.versionSoftDeleted(subject, v.version);
      if (permanent && !v.deleted) throw RegistryErrors.versionNotSoftDeleted(subject, v.version);
      const users = this.store.referencedBy(subject, v.version);
      if (users.length > 0)
        throw RegistryErrors.referenceExists(
          `One or more references exist to the schema {subject=${subject},version=${v.version}}.`,
        );
      const key = { keytype: 'SCHEMA' as const, subject, version: v.version };
      await this.log.append([{ key, value: permanent ? null : { ...v, deleted: true } }]);
      return v.version;
    });
  }

  deleteSubject(subject: string, permanent: boolean): Promise<number[]> {
    return this.serial(async () => {
      this.checkWritable(subject);
      const all = this.store.versionsOf(subject, true);
      if (all.length === 0) throw RegistryErrors.subjectNotFound(subject);
      const live = all.filter((v) => !v.deleted);
      if (!permanent && live.length === 0) throw RegistryErrors.subjectSoftDeleted(subject);
      if (permanent && live.length > 0) throw RegistryErrors.subjectNotSoftDeleted(subject);
      for (const v of all) {
        if (this.store.referencedBy(subject, v.version).length > 0)
          throw RegistryErrors.referenceExists(
            `One or more references exist to the schema {subject=${subject},version=${v.version}}.`,
          );
      }
      const records: RegistryRecord[] = permanent
        ? all.map((v) => ({ key: { keytype: 'SCHEMA', subject, version: v.version }, value: null }))
        : [
            ...live.map(
              (v): RegistryRecord => ({
                key: { keytype: 'SCHEMA', subject, version: v.version },
                value: { ...v, deleted: true },
              }),
            ),
            { key: { keytype: 'DELETE_SUBJECT', subject }, value: { subject, version: all.at(-1)?.version ?? 0 } },
          ];
      if (permanent && this.store.compatibility.has(subject))
        records.push({ key: { keytype: 'CONFIG', subject }, value: null });
      if (permanent && this.store.modes.has(subject)) records.push({ key: { keytype: 'MODE', subject }, value: null });
      await this.log.append(records);
      return (permanent ? all : live).map((v) => v.version);
    });
  }

  setCompatibility(subject: string | null, level: unknown): Promise<string> {
    const upper = typeof level === 'string' ? level.toUpperCase() : '';
    if (!(COMPATIBILITY_LEVELS as readonly string[]).includes(upper)) throw RegistryErrors.invalidCompatibilityLevel();
    return this.serial(async () => {
      await this.log.append([{ key: { keytype: 'CONFIG', subject }, value: { compatibilityLevel: upper } }]);
      return upper;
    });
  }

  deleteCompatibility(subject: string | null): Promise<string> {
    return this.serial(async () => {
      const previous = effectiveCompatibility(this.store, subject, this.defaultCompatibility);
      if (
        subject !== null &&
        this.store.versionsOf(subject, true).length === 0 &&
        !this.store.compatibility.has(subject)
      )
        throw RegistryErrors.subjectNotFound(subject);
      await this.log.append([{ key: { keytype: 'CONFIG', subject }, value: null }]);
      return previous;
    });
  }

  setMode(subject: string | null, mode: unknown, force: boolean): Promise<string> {
    const upper = typeof mode === 'string' ? mode.toUpperCase() : '';
    if (!(MODES as readonly string[]).includes(upper)) throw RegistryErrors.invalidMode(String(mode));
    return this.serial(async () => {
      const subjects = subject === null ? this.store.subjectNames(true) : this.store.versionsOf(subject, true);
      if (upper === 'IMPORT' && !force && subjects.length > 0)
        throw RegistryErrors.operationNotPermitted('Cannot import since found existing subjects');
      await this.log.append([{ key: { keytype: 'MODE', subject }, value: { mode: upper } }]);
      return upper;
    });
  }

  deleteMode(subject: string): Promise<string> {
    return this.serial(async () => {
      const previous = effectiveMode(this.store, subject);
      await this.log.append([{ key: { keytype: 'MODE', subject }, value: null }]);
      return previous;
    });
  }
}
