/**
 * One command's output on the terminal is bounded (a same-class leftover of issue 11): past
 * MAX_OUTPUT_CHARS the console shows one line `... output truncated (N more characters)` instead
 * of the rest. A chain of `cat` over the whole file budget is the case; a redirection of it is
 * governed by the file bound instead, and no view of one file is ever cut.
 */
import { describe, expect, it } from 'vitest';
import { capOutput, MAX_OUTPUT_CHARS, truncatedLine } from '../../src/shell/output-cap';
import { fileSpaceMessage, HOME, MAX_FILE_BYTES } from '../../src/hsm/vfs';
import { openTerminal } from '../support/transcript';

describe('the bound on one command\'s output', () => {
  it('keeps short output whole and cuts long output at the bound, never inside a surrogate pair', () => {
    expect(capOutput('abc\n', 4)).toBe('abc\n');
    expect(capOutput('abcdef\n', 4)).toBe(`abcd\n${truncatedLine(3)}`);
    expect(capOutput('abc\ndef\n', 4)).toBe(`abc\n${truncatedLine(4)}`);
    expect(capOutput('abc😀def', 4)).toBe(`abc\n${truncatedLine(5)}`);
    expect(MAX_OUTPUT_CHARS).toBe(8 << 20);
  });

  it('a cat chain over several full files shows the first 8 Mi characters and counts the rest', async () => {
    const t = await openTerminal();
    const names = Array.from({ length: 5 }, (_, i) => `f${i}`); // random bytes: ~2.3 M characters each in cat -v form
    for (const n of names) expect(await t.type(`openssl rand -out ${n} ${MAX_FILE_BYTES}`)).toBe('');
    // each file alone is shown whole (the largest views of one file stay under the bound)
    let full = '';
    for (const n of names) {
      const one = await t.type(`cat ${n}`);
      expect(one).not.toContain('output truncated');
      full += one;
    }
    expect(full.length).toBeGreaterThan(MAX_OUTPUT_CHARS);
    expect((await t.type('hexdump -C f0')).length).toBeLessThan(MAX_OUTPUT_CHARS);
    expect(await t.type('xxd f0')).not.toContain('output truncated');
    const shown = await t.type(`cat ${names.join(' ')}`);
    expect(shown.length).toBeLessThanOrEqual(MAX_OUTPUT_CHARS + 100);
    expect(shown.endsWith(truncatedLine(full.length - MAX_OUTPUT_CHARS))).toBe(true);
    expect(shown.startsWith(full.slice(0, 1000))).toBe(true);
    // into a file, the file's bound governs: refused with its message, nothing written
    expect(await t.type(`cat ${names.join(' ')} > all`)).toBe(`Error: ${fileSpaceMessage(`${HOME}/all`)}\n`);
  }, 120_000);
});
