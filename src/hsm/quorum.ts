/**
 * A key's quorum values (cloudhsm-cli.md §5.5, G-CLI-29): the model keeps two — the quorum that
 * guards managing the key (wrap, unwrap, share, unshare, set-attribute) and the one that guards
 * using it (sign). KMU `-m_value N` sets both; KMU prints the larger. Read them only through these
 * accessors, so the record's shape can change in one place (schema 2).
 */
import type { KeyRecord } from './model';

/** Quorum guarding management of the key (wrapKey, unWrapKey with it, shareKey, setAttribute). */
export function manageQuorum(key: KeyRecord): number {
  return key.manageQuorum;
}

/** Quorum guarding use of the key for signing. */
export function useQuorum(key: KeyRecord): number {
  return key.useQuorum;
}

/** What KMU getKeyInfo and CMU print: the larger of the two. */
export function shownQuorum(key: KeyRecord): number {
  return Math.max(manageQuorum(key), useQuorum(key));
}

/** The record's fields for a KMU `-m_value N` (both values N): what every creation writes. */
export function quorumFields(mValue: number): Pick<KeyRecord, 'manageQuorum' | 'useQuorum'> {
  return { manageQuorum: mValue, useQuorum: mValue };
}
