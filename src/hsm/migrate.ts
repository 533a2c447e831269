/**
 * Migrations of stored records between schema versions (store.ts SCHEMA_VERSION), as pure
 * functions of one record: the IndexedDB adapter (src/platform/idb-backend.ts) applies them inside
 * its upgrade transaction, so an upgrade is all or nothing. DEVELOPERS.md: every change to what is
 * stored ships a migration from each earlier schema.
 *
 * A record is rewritten only when the result is a well-formed record of the new schema
 * (validate.ts); any other record — damaged already, or of a shape no release wrote — is left
 * exactly as it is (never lose data): the damage check then reports it once, as before.
 */
import type { StoreName, StoredRecord } from './store';
import { recordProblem } from './validate';

/** One step: the record of schema `from` rewritten for schema `from + 1`, or null to leave it. */
type Step = (store: StoreName, rec: unknown) => StoredRecord | null;

/**
 * 1 → 2 (G-CLI-29): a key's single `mValue` becomes `manageQuorum` and `useQuorum`, both that
 * value (KMU's `-m_value N` sets both), so KMU getKeyInfo and CMU print the same number as before.
 */
function keysTwoQuorums(store: StoreName, rec: unknown): StoredRecord | null {
  if (store !== 'keys' || typeof rec !== 'object' || rec === null || Array.isArray(rec)) return null;
  const r = rec as StoredRecord;
  if (!Object.hasOwn(r, 'mValue') || Object.hasOwn(r, 'manageQuorum') || Object.hasOwn(r, 'useQuorum')) return null;
  if (typeof r.rev !== 'number') return null;
  const { mValue, ...rest } = r;
  const next: StoredRecord = { ...rest, manageQuorum: mValue, useQuorum: mValue, rev: r.rev + 1 };
  return recordProblem('keys', next) === null ? next : null;
}

/** STEPS[v] migrates a record of schema v to schema v + 1. */
const STEPS: ReadonlyMap<number, { stores: readonly StoreName[]; step: Step }> = new Map([
  [1, { stores: ['keys'] as const, step: keysTwoQuorums }],
]);

/** The stores whose records change from schema `from` to `from + 1` (none: nothing to walk). */
export function storesMigrated(from: number): readonly StoreName[] {
  return STEPS.get(from)?.stores ?? [];
}

/**
 * `rec` (a record of `store` written under schema `from`) rewritten for schema `from + 1`, or null
 * when it stays as it is (unchanged by this step, or not well-formed after it).
 */
export function migrateRecord(from: number, store: StoreName, rec: unknown): StoredRecord | null {
  return STEPS.get(from)?.step(store, rec) ?? null;
}
