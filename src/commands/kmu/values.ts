/**
 * Client-side value checks shared by the KMU commands (kmu-commands.md §1.5: "value not a number
 * where a number is required, or outside the documented value set"). Each returns the parsed
 * value or throws `ValueError` carrying the canonical error line.
 */
import { invalidValue } from '../flags';
import { INDENT } from '../format';
import type { KmuArgs } from './command';
import { readFile, canWrite, resolvePath } from '../../hsm/vfs';
import type { Tx } from '../../hsm/tx';
import { KEY_TYPE } from '../../hsm/attributes';

export class ValueError extends Error {
  constructor(readonly line: string) {
    super(line);
  }
}

export function intValue(args: KmuArgs, flag: string, ok: (n: number) => boolean = () => true): number | undefined {
  const v = args.values.get(flag);
  if (v === undefined) return undefined;
  if (!/^\d{1,10}$/.test(v) || !ok(Number(v))) throw new ValueError(invalidValue(v, flag));
  return Number(v);
}

export function requiredInt(args: KmuArgs, flag: string, ok?: (n: number) => boolean): number {
  return intValue(args, flag, ok)!;
}

export const oneOf = (...allowed: number[]) => (n: number) => allowed.includes(n);

/** `-u 4,5`: comma-separated decimal user ids, no blanks; duplicates collapsed (G-15). */
export function userList(args: KmuArgs, flag = '-u'): number[] {
  const v = args.values.get(flag);
  if (v === undefined) return [];
  if (!/^\d{1,10}(,\d{1,10})*$/.test(v)) throw new ValueError(invalidValue(v, flag));
  return [...new Set(v.split(',').map(Number))];
}

/** -m_value 0..8; above 0 it needs -u, and at most 1 + the number of -u ids (§1.8). */
export function mValue(args: KmuArgs, shareWith: number[]): number {
  const m = intValue(args, '-m_value', (n) => n <= 8) ?? 0;
  if (m > 0 && (shareWith.length === 0 || m > shareWith.length + 1)) {
    throw new ValueError(invalidValue(args.values.get('-m_value')!, '-m_value'));
  }
  return m;
}

/** -min_srv (>= 1, default 1) and -timeout (>= 0; ignored without -min_srv, G-16). */
export function syncOptions(args: KmuArgs): { minSrv: number; timeout: number | null } {
  const minSrv = intValue(args, '-min_srv', (n) => n >= 1);
  const timeout = intValue(args, '-timeout');
  return { minSrv: minSrv ?? 1, timeout: minSrv === undefined ? null : timeout ?? null };
}

export async function readInputFile(tx: Tx, cwd: string, name: string): Promise<Uint8Array> {
  const data = await readFile(tx, resolvePath(cwd, name));
  if (!data) throw new ValueError(`${INDENT}Error: Unable to open file ${name}.`);
  return data;
}

export async function checkOutputFile(tx: Tx, cwd: string, name: string): Promise<string> {
  const path = resolvePath(cwd, name);
  if ((await canWrite(tx, path)) !== 'ok') throw new ValueError(`${INDENT}Error: Unable to create file ${name}.`);
  return path;
}

const SIZES: Record<number, { sizes: number[]; text: string }> = {
  [KEY_TYPE.AES]: { sizes: [16, 24, 32], text: '31 (AES) takes 16, 24 or 32' },
  [KEY_TYPE.DES3]: { sizes: [24], text: '21 (3DES) takes 24' },
};

/** A plaintext key file must fit its key type (§3.2.1), checked on the host before any HSM call. */
export function checkKeyFileLength(name: string, data: Uint8Array, keyType: number): void {
  const rule = SIZES[keyType];
  if (rule && !rule.sizes.includes(data.length)) {
    throw new ValueError(`${INDENT}Error: Key file ${name} holds ${data.length} bytes; key type ${rule.text}.`);
  }
}
