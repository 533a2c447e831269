/**
 * The terminal tabs' rules (src/ui/tabs.ts): the shortcuts never take a key the line editor or the
 * browser owns, every shortcut the page's help lists is bound, switching wraps, closing moves to a
 * neighbour, and closing says exactly what ends.
 */
import { describe, expect, it } from 'vitest';
import { KEY_BINDINGS } from '../../src/shell/line-editor/index';
import { afterClose, closeConsequence, TAB_SHORTCUTS, tabAction, tabTitle, targetIndex, type KeyLike } from '../../src/ui/tabs';

const key = (code: string, mods: Partial<KeyLike> = {}): KeyLike => ({ altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, code, ...mods });
const alt = (code: string) => key(code, { altKey: true });

describe('tab shortcuts', () => {
  it('Alt+T new, Alt+W close, Alt+1…9 go, Alt+←/→ only inside the terminal area', () => {
    expect(tabAction(alt('KeyT'), false)).toEqual({ kind: 'new' });
    expect(tabAction(alt('KeyW'), false)).toEqual({ kind: 'close' });
    expect(tabAction(alt('Digit1'), false)).toEqual({ kind: 'go', index: 0 });
    expect(tabAction(alt('Digit9'), false)).toEqual({ kind: 'go', index: 8 });
    expect(tabAction(alt('Digit0'), false)).toBeNull();
    expect(tabAction(alt('ArrowLeft'), true)).toEqual({ kind: 'prev' });
    expect(tabAction(alt('ArrowRight'), true)).toEqual({ kind: 'next' });
    // elsewhere on the page Alt+←/→ stay the browser's Back and Forward
    expect(tabAction(alt('ArrowLeft'), false)).toBeNull();
    expect(tabAction(alt('ArrowRight'), false)).toBeNull();
  });

  it('takes no key without Alt, nor Alt with Ctrl, Meta or Shift (AltGr is Ctrl+Alt on Windows)', () => {
    for (const code of ['KeyT', 'KeyW', 'Digit1', 'ArrowLeft', 'ArrowRight']) {
      expect(tabAction(key(code), true)).toBeNull();
      expect(tabAction(key(code, { ctrlKey: true }), true)).toBeNull();
      expect(tabAction(key(code, { altKey: true, ctrlKey: true }), true)).toBeNull();
      expect(tabAction(key(code, { altKey: true, metaKey: true }), true)).toBeNull();
      expect(tabAction(key(code, { altKey: true, shiftKey: true }), true)).toBeNull();
    }
  });

  it('no line-editor binding is an Alt chord (the editor sees none of these keys)', () => {
    // the editor's bindings are control characters and CSI/SS3 sequences; Alt+x would arrive as ESC x
    for (const b of KEY_BINDINGS) for (const s of b.sequences) expect(/^\x1b[a-z0-9]$/i.test(s), `${b.key} ${JSON.stringify(s)}`).toBe(false);
  });

  it('every shortcut the help lists is bound', () => {
    const listed = TAB_SHORTCUTS.map((s) => s.keys).join(' ');
    expect(listed).toContain('Alt+T');
    expect(listed).toContain('Alt+W');
    expect(listed).toContain('Alt+1 … Alt+9');
    expect(listed).toContain('Alt+← / Alt+→');
    expect(listed).toContain('Escape, then Tab');
  });
});

describe('switching and closing', () => {
  it('go to the n-th tab, Alt+9 the last; prev/next wrap', () => {
    expect(targetIndex({ kind: 'go', index: 1 }, 0, 3)).toBe(1);
    expect(targetIndex({ kind: 'go', index: 4 }, 0, 3)).toBeNull();
    expect(targetIndex({ kind: 'go', index: 8 }, 0, 3)).toBe(2);
    expect(targetIndex({ kind: 'prev' }, 0, 3)).toBe(2);
    expect(targetIndex({ kind: 'next' }, 2, 3)).toBe(0);
    expect(targetIndex({ kind: 'next' }, 0, 1)).toBe(0);
    expect(targetIndex({ kind: 'new' }, 0, 3)).toBeNull();
  });

  it('after closing the focused tab the one that took its place gets the focus, or the one before when it was last', () => {
    expect(afterClose(0, 3)).toBe(0);
    expect(afterClose(1, 3)).toBe(1);
    expect(afterClose(2, 3)).toBe(1);
    expect(afterClose(0, 1)).toBe(0);
  });

  it('names a tab by number and program', () => {
    expect(tabTitle(1, 'host')).toBe('Terminal 1: host shell');
    expect(tabTitle(2, 'kmu')).toBe('Terminal 2: key_mgmt_util');
    expect(tabTitle(3, 'cmu')).toBe('Terminal 3: cloudhsm_mgmt_util');
  });

  it('says what closing ends: nothing for an idle shell, else the program, the logins and the session keys', () => {
    expect(closeConsequence({ program: 'host', kmuUser: null, cmuUser: null, sessionKeys: 0 })).toBeNull();
    expect(closeConsequence({ program: 'kmu', kmuUser: null, cmuUser: null, sessionKeys: 0 })).toBe('key_mgmt_util ends.');
    expect(closeConsequence({ program: 'kmu', kmuUser: 'example_user', cmuUser: null, sessionKeys: 1 }))
      .toBe('key_mgmt_util ends: example_user is logged out of key_mgmt_util and 1 session key is destroyed.');
    expect(closeConsequence({ program: 'cmu', kmuUser: null, cmuUser: 'admin', sessionKeys: 0 }))
      .toBe('cloudhsm_mgmt_util ends: admin is logged out of cloudhsm_mgmt_util.');
    expect(closeConsequence({ program: 'kmu', kmuUser: 'bob', cmuUser: null, sessionKeys: 3 }))
      .toBe('key_mgmt_util ends: bob is logged out of key_mgmt_util and 3 session keys are destroyed.');
  });
});
