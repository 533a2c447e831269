/**
 * A bound on what one command prints on the terminal (a same-class leftover of issue 11: a chain
 * like `cat f0 f1 … f15` over 16 files of 1 MiB printed ~50 million characters, and xterm then
 * worked through all of it). The console passes every command's output through `capOutput`, the
 * one place it is assembled (console.ts execute); past the bound the rest is counted, not shown.
 * Output redirected into a file never gets here: the file's bound governs it (vfs.ts).
 *
 * The bound is 8 Mi characters: twice what the largest one-file view prints (`hexdump -C` of a
 * 1 MiB file, about 5 million characters; `xxd` and `cat` of one print less), so no view of a
 * single file is ever cut.
 */
export const MAX_OUTPUT_CHARS = 8 << 20;

/** The line that ends a cut output. */
export const truncatedLine = (more: number): string => `... output truncated (${more} more characters)\n`;

/**
 * `text` whole when it is at most `cap` characters (UTF-16 code units); else its first `cap` (never
 * half a surrogate pair), a line end, and the line saying how many characters were left out.
 */
export function capOutput(text: string, cap = MAX_OUTPUT_CHARS): string {
  if (text.length <= cap) return text;
  let end = cap;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  const kept = text.slice(0, end);
  return (kept.endsWith('\n') ? kept : kept + '\n') + truncatedLine(text.length - end);
}
