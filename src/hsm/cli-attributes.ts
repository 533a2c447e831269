/**
 * The CloudHSM CLI's attribute vocabulary as data (cloudhsm-cli.md §4.1–§4.6), beside the attribute
 * table (./attributes.ts, whose rows carry the CLI name): the JSON form of each attribute, whether
 * it may be given at creation (`--attributes`), who may change it with `key set-attribute`, the
 * output order of §4.2, and the value forms of filters. One model, two vocabularies: a value is
 * read from the one stored key record, whichever console made it.
 * Contract: the keys-view branch fills in the bodies; the signatures are fixed.
 */
import type { AttrValue } from './attributes';
import type { KeyRecord } from './model';
import type { CliRefusal } from './ops/cli-refusal';

/** A CLI attribute value as JSON prints it: booleans, numbers, strings (`"0x…"`, names). */
export type CliAttrValue = boolean | number | string;

/** `NAME=VALUE` read into the model's terms: the attribute id and the stored value. */
export interface CliAttrSetting {
  /** The CLI name (`encrypt`, `label`, `key-length-bytes` …). */
  readonly name: string;
  /** The model's attribute id (attributes.md §1); `modifiable` is PKCS #11 CKA_MODIFIABLE, 368. */
  readonly id: number;
  readonly value: AttrValue;
}

/**
 * Read one `NAME=VALUE` word (the `attr.` prefix already removed for filters) for a filter (every
 * name of §4.1) or for creation (`--attributes`: only the names §4.1 allows at creation);
 * unknown names and malformed values answer §4.6's refusals.
 */
export function parseCliAttribute(word: string, purpose: 'filter' | 'create'): { setting: CliAttrSetting } | { refusal: CliRefusal } {
  void word; void purpose;
  throw new Error('contract: keys-view branch');
}

/** A key's attributes in the order of §4.2, in their JSON form (values as stored; "inconsistent" is the view's). */
export function cliAttributes(key: KeyRecord): [name: string, value: CliAttrValue][] {
  void key;
  throw new Error('contract: keys-view branch');
}
