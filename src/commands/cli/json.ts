/**
 * JSON as the CloudHSM CLI prints it (cloudhsm-cli.md §2.6, G-CLI-4): two spaces per level, keys in
 * insertion order, `"key": value`, `[]` and `{}` for empty ones, a final newline; control and bidi
 * characters in strings escaped as `\uXXXX`, so every output both parses and is safe to print.
 * Contract: the core branch fills in the bodies; the signatures are fixed.
 */
import type { JsonValue } from './command';

/** One value as indented JSON text, without a final newline. */
export function formatJson(value: JsonValue): string {
  void value;
  throw new Error('contract: core branch');
}

/** The envelope of §2.6: `{ "error_code": 0|1, "data": … }` and a final newline. */
export function envelope(errorCode: 0 | 1, data: JsonValue): string {
  return formatJson({ error_code: errorCode, data }) + '\n';
}
