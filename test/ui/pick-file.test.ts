/**
 * The shell's `upload` asks the page for a file (src/ui/files.ts pickFile). It settled only on the
 * input's `change` or `cancel` event; a browser without `cancel` never told it the dialog was
 * dismissed, so `upload` waited forever (a same-class leftover of issue 11, finding 5: nothing
 * may wait without a bound). Now it also settles when the window has its focus back and no file
 * arrived within a short grace period. Driven with a fake document, window and clock.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FOCUS_GRACE_MS, pickFile } from '../../src/ui/files';

class FakeInput extends EventTarget {
  type = '';
  files: File[] | null = null;
  clicks = 0;
  click(): void { this.clicks++; }
}

let input: FakeInput;
let win: EventTarget;

beforeEach(() => {
  vi.useFakeTimers();
  input = new FakeInput();
  win = new EventTarget();
  vi.stubGlobal('document', { createElement: (tag: string) => { expect(tag).toBe('input'); return input; } });
  vi.stubGlobal('window', win);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** The picker's promise, and whether (and with what) it has settled so far. */
function pick() {
  const state: { settled: boolean; value?: { name: string; data: Uint8Array } | null } = { settled: false };
  const promise = pickFile().then((v) => { state.settled = true; state.value = v; return v; });
  return { state, promise };
}

const flush = async (ms = 0) => { await vi.advanceTimersByTimeAsync(ms); };

describe('the file picker settles (issue 11, same class as finding 5)', () => {
  it('with the chosen file on change, and with null on cancel', async () => {
    let p = pick();
    expect(input.clicks).toBe(1);
    input.files = [new File([new Uint8Array([1, 2, 3])], 'a.bin')];
    input.dispatchEvent(new Event('change'));
    expect(await p.promise).toEqual({ name: 'a.bin', data: new Uint8Array([1, 2, 3]) });
    input = new FakeInput();
    p = pick();
    input.dispatchEvent(new Event('cancel'));
    expect(await p.promise).toBeNull();
  });

  it('with null when the window gets its focus back and no file arrives (a browser without `cancel`)', async () => {
    const p = pick();
    await flush(10_000);
    expect(p.state.settled).toBe(false); // the dialog is open: no time limit while it is
    win.dispatchEvent(new Event('focus'));
    await flush(FOCUS_GRACE_MS - 1);
    expect(p.state.settled).toBe(false); // a change may still be on its way
    await flush(1);
    expect(p.state.settled).toBe(true);
    expect(p.state.value).toBeNull();
  });

  it('with the file when change follows the focus within the grace period', async () => {
    const p = pick();
    win.dispatchEvent(new Event('focus'));
    await flush(FOCUS_GRACE_MS / 2);
    input.files = [new File(['xy'], 'b.txt')];
    input.dispatchEvent(new Event('change'));
    expect(await p.promise).toEqual({ name: 'b.txt', data: new TextEncoder().encode('xy') });
    // and settles once: a later focus or timer changes nothing
    win.dispatchEvent(new Event('focus'));
    await flush(FOCUS_GRACE_MS * 2);
    expect(p.state.value).toEqual({ name: 'b.txt', data: new TextEncoder().encode('xy') });
  });

  it('with the file the input holds when the grace period ends without a change event', async () => {
    const p = pick();
    input.files = [new File(['z'], 'c.txt')];
    win.dispatchEvent(new Event('focus'));
    await flush(FOCUS_GRACE_MS);
    expect(await p.promise).toEqual({ name: 'c.txt', data: new TextEncoder().encode('z') });
  });
});
