/** How terminal output is handed to xterm (free of xterm itself, so it is tested in Node). */

/**
 * The most text handed to xterm in one write. xterm parses its queued writes in slices of about
 * 12 ms and lets the page breathe between them, but one write is parsed whole: a 2 MiB hex dump in
 * one piece would keep the main thread for up to a second (issue 11, finding 12). Ordinary output
 * is far shorter and still goes in one write (so it paints in one frame with the prompt): findKey
 * on a full HSM lists 3,300 handles, about 30 KB — with 16 KiB pieces its prompt came a frame later
 * (Enter to prompt 10 → 28 ms, bench/page-commands.bench.ts).
 */
export const WRITE_CHUNK = 64 * 1024;

/**
 * The piece size of output longer than WRITE_CHUNK. Such output takes several frames anyway, so its
 * pieces are smaller: each write is parsed whole, after xterm's 12 ms slice has begun, and in
 * WebKitGTK a 64 KiB piece of a hex dump was a 68–113 ms task on the two-core CI machine, a 16 KiB
 * piece a 45–59 ms one on the quiet machine (and over 100 ms once in CI).
 */
export const STREAM_CHUNK = 8 * 1024;

/**
 * `text` in one piece when it is at most `whole` (WRITE_CHUNK) UTF-16 units long, else cut into
 * pieces of at most `size` (STREAM_CHUNK), never between the two halves of a surrogate pair. (xterm's parser keeps an escape
 * sequence or a line end split across writes.)
 */
export function writeChunks(text: string, { size = STREAM_CHUNK, whole = WRITE_CHUNK } = {}): string[] {
  if (text.length <= whole) return [text];
  const out: string[] = [];
  for (let i = 0; i < text.length;) {
    let end = Math.min(text.length, i + size);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--; // a high surrogate goes with its pair
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}
