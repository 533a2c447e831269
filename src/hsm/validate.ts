/**
 * Shape checks for records read from the store. Storage is the learner's browser: a record may be
 * damaged (an old version's shape, an extension, a hand edit). A damaged record is reported once
 * and left untouched, never a crash (issue: "two tabs, one playground").
 */
import { ATTR_BY_ID, REQUIRED_ON_EVERY_KEY, valueFits } from './attributes';
import type { StoreName, StoredRecord } from './store';

type Check = (r: Record<string, unknown>) => string | null;

const isInt = (v: unknown, min = 0) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;
const isStr = (v: unknown) => typeof v === 'string';
const isBytes = (v: unknown) => v instanceof Uint8Array;
const isIntList = (v: unknown) => Array.isArray(v) && v.every((x) => isInt(x));
const HEX = /^[0-9a-f]*$/;

function fields(r: Record<string, unknown>, spec: Record<string, (v: unknown) => boolean>): string | null {
  for (const [name, ok] of Object.entries(spec)) if (!ok(r[name])) return `field ${name} is missing or malformed`;
  return null;
}

const CHECKS: Record<StoreName, Check> = {
  meta: (r) => {
    if (r.id === 'settings') {
      return fields(r, {
        handles: (v) => v === 'simple' || v === 'realistic',
        seed: (v) => v === null || isInt(v),
      });
    }
    if (r.id === 'current') return fields(r, { cluster: isStr });
    return null;
  },
  clusters: (r) =>
    fields(r, {
      name: isStr, nextIndex: (v) => isInt(v, 1), lineage: isStr,
      hsms: (v) => Array.isArray(v) && v.length > 0 && v.every((h) =>
        typeof h === 'object' && h !== null && isInt((h as { node: unknown }).node) &&
        ['up', 'down'].includes((h as { state: unknown }).state as string) &&
        typeof (h as { tampered: unknown }).tampered === 'boolean'),
    }),
  users: (r) =>
    fields(r, {
      cluster: isStr, node: isInt, userId: (v) => isInt(v, 1), name: isStr,
      type: (v) => ['PRECO', 'PCO', 'CO', 'CU', 'AU'].includes(v as string),
      loginFailures: isInt, mofnPubKey: (v) => typeof v === 'boolean', twoFA: (v) => typeof v === 'boolean',
      verifier: (v) => v === null || (typeof v === 'object' && isInt((v as { iterations: unknown }).iterations, 1) &&
        isStr((v as { salt: unknown }).salt) && HEX.test((v as { salt: string }).salt) &&
        isStr((v as { hash: unknown }).hash) && HEX.test((v as { hash: string }).hash)),
    }),
  keys: (r) =>
    fields(r, {
      cluster: isStr, handle: (v) => isInt(v, 6), index: isInt, value: isBytes, owner: isInt,
      shared: isIntList, mValue: (v) => isInt(v) && (v as number) <= 8, holders: isIntList,
      attrs: (v) => {
        if (typeof v !== 'object' || v === null) return false;
        const a = v as Record<number, unknown>;
        return REQUIRED_ON_EVERY_KEY.every((id) => valueFits(ATTR_BY_ID.get(id)!, a[id]));
      },
    }),
  files: (r) =>
    fields(r, {
      kind: (v) => v === 'file' || v === 'dir',
      mtime: (v) => typeof v === 'number',
      data: (v) => (r.kind === 'file' ? isBytes(v) : v === undefined || isBytes(v)),
    }),
};

/** Why `rec` is not a well-formed record of `store`, or null when it is. */
export function recordProblem(store: StoreName, rec: StoredRecord): string | null {
  if (typeof rec !== 'object' || rec === null) return 'not an object';
  if (!isStr(rec.id) || !isInt(rec.rev, 1)) return 'id or revision is malformed';
  return CHECKS[store](rec as Record<string, unknown>);
}

/** Thrown when a command would overwrite a damaged record: it stays as it is. */
export class DamagedRecordError extends Error {
  constructor(readonly store: StoreName, readonly recordId: string) {
    super(`the stored record ${store}/${recordId} is damaged; it was left untouched, so this command cannot change it`);
    this.name = 'DamagedRecordError';
  }
}
