/**
 * The only module of the project that imports @xterm/*. It owns the Terminal widget: creation,
 * fitting to its host element, input, themes, copying a selection, clickable explanations, and
 * disposal. Everything else talks to the small `TerminalView` interface below.
 */
import { Terminal, type ILink, type ITheme } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { findLinks, sameOriginLink } from './links';
import { writeChunks } from './write-chunks';

export interface TerminalView {
  write(text: string): void;
  /** Erase the screen and the scrollback, in order with earlier writes. */
  clear(): void;
  cols(): number;
  rows(): number;
  onData(listener: (data: string) => void): void;
  /** A click on a return code, -t/-m value or attribute: the `explain` arguments. */
  onExplain(listener: (topic: string[]) => void): void;
  setTheme(dark: boolean): void;
  /** Limit links to topics `explain` knows (until set, every pattern match is a link). */
  setKnownTopics(known: (topic: string[]) => boolean): void;
  focus(): void;
  dispose(): void;
}

/** How long after the last key the cursor blinks again. */
const BLINK_RESUME_MS = 1000;

/** System monospace fonts only: nothing is fetched. */
const FONT_STACK =
  'ui-monospace, "Cascadia Mono", "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", "Noto Sans Mono", monospace';

/** Both themes keep AA contrast (>= 4.5:1) for text, the cursor and the selection. */
const THEMES: Record<'dark' | 'light', ITheme> = {
  dark: { background: '#101418', foreground: '#d8dee4', cursor: '#f0b429', cursorAccent: '#101418', selectionBackground: '#3a4a5c' },
  light: { background: '#fbfaf7', foreground: '#1d232a', cursor: '#8a5a00', cursorAccent: '#fbfaf7', selectionBackground: '#c9d7e8' },
};

export function createTerminalView(host: HTMLElement, opts: { dark: boolean; label: string }): TerminalView {
  const term = new Terminal({
    convertEol: true,
    cursorBlink: true,
    fontFamily: FONT_STACK,
    fontSize: 15,
    lineHeight: 1.15,
    scrollback: 5000,
    allowProposedApi: false,
    theme: THEMES[opts.dark ? 'dark' : 'light'],
    // OSC 8 hyperlinks (xterm's default asks, then opens any URL): only the page's own origin, in a
    // new tab without access to this one; anything else does nothing (issue 11, finding 9)
    linkHandler: {
      activate: (_event, url) => {
        if (sameOriginLink(url, window.location.origin)) window.open(new URL(url, window.location.origin).href, '_blank', 'noopener');
      },
    },
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(host);
  term.textarea?.setAttribute('aria-label', opts.label);

  const refit = () => {
    // fit() throws nothing but proposes nothing while the host is hidden or has no size yet
    if (host.clientWidth > 0 && host.clientHeight > 0) fit.fit();
  };
  refit();
  const observer = new ResizeObserver(() => refit());
  observer.observe(host);

  // The cursor holds still while keys (or output) come and blinks again BLINK_RESUME_MS after the
  // last one (as in most terminals and editors). The blink is a CSS animation the compositor cannot run alone: it
  // asks for a frame on every display refresh, so every key would find a frame pending, and Chromium
  // holds back every task after a key (IndexedDB replies, timers) until that frame: a command that
  // saves would then show its output one frame later.
  let blinkTimer: ReturnType<typeof setTimeout> | undefined;
  const holdBlink = (): void => {
    if (term.options.cursorBlink) term.options.cursorBlink = false;
    clearTimeout(blinkTimer);
    blinkTimer = setTimeout(() => { term.options.cursorBlink = true; }, BLINK_RESUME_MS);
  };

  // Keys the terminal would swallow but the page needs:
  //  - Ctrl-C (or Ctrl-Shift-C) with a selection copies it instead of interrupting;
  //  - Ctrl-V (or Ctrl-Shift-V) pastes: the browser's own paste, not ^V (xterm would send ^V);
  //  - Escape, then Tab / Shift-Tab, moves the focus out of the terminal (Tab alone completes).
  //  - a plain Enter is sent on as xterm would, but xterm's emptying of its textarea (where the
  //    characters it reads from keypress, such as capitals and blanks, pile up) waits for the frame
  //    that paints the command's output: a key handler that changes layout asks for a frame of its
  //    own, and Chromium then holds back every other task (IndexedDB replies, timers) until that
  //    frame, so the output of a command that saves could only show a frame later.
  let escaped = false;
  let enterDown = false;
  term.attachCustomKeyEventHandler((e) => {
    if (e.type === 'keypress' && enterDown && e.key === 'Enter') return false; // (already handled)
    if (e.type !== 'keydown') return true;
    holdBlink();
    enterDown = false;
    if (e.key === 'Enter' && e.keyCode === 13 && !e.isComposing && !e.ctrlKey && !e.altKey && !e.metaKey && !e.shiftKey) {
      escaped = false;
      enterDown = true;
      e.preventDefault();
      e.stopPropagation();
      const area = term.textarea;
      const typed = area?.value ?? '';
      if (area && typed !== '') {
        const once = term.onRender(() => {
          once.dispose();
          // (unless something was typed meanwhile: xterm's IME and mobile input read the textarea)
          if (area.value === typed) area.value = '';
        });
      }
      term.input('\r', true);
      return false;
    }
    if (e.key === 'Tab' && escaped) {
      escaped = false;
      return false; // let the browser move the focus
    }
    // (a modifier pressed on its way to Shift+Tab is no key of its own: Escape, then Shift+Tab leaves too)
    if (e.key !== 'Shift' && e.key !== 'Control' && e.key !== 'Alt' && e.key !== 'Meta') escaped = e.key === 'Escape';
    if (e.ctrlKey && (e.key === 'c' || e.key === 'C') && (term.hasSelection() || e.shiftKey)) {
      const text = term.getSelection();
      if (text) void navigator.clipboard?.writeText(text).catch(() => {});
      term.clearSelection();
      return false;
    }
    if (e.ctrlKey && !e.altKey && !e.metaKey && (e.key === 'v' || e.key === 'V')) return false; // (the paste event follows)
    return true;
  });

  // xterm reads a paste from the event and sends it on, but leaves the event's default action: the
  // browser then inserts the whole text into xterm's hidden textarea too (a 10,000-line paste kept
  // the page busy for half a second there, for nothing; issue 11, finding 12). This listener runs
  // first (capture) and only cancels that insertion.
  const noPasteIntoTextarea = (e: Event): void => { e.preventDefault(); };
  host.addEventListener('paste', noPasteIntoTextarea, true);

  const explainListeners: Array<(topic: string[]) => void> = [];
  let known: ((topic: string[]) => boolean) | undefined;
  const linkProvider = term.registerLinkProvider({
    provideLinks(y, callback) {
      const line = term.buffer.active.getLine(y - 1)?.translateToString(true) ?? '';
      const links: ILink[] = findLinks(line, known).map((r) => ({
        range: { start: { x: r.start + 1, y }, end: { x: r.end, y } },
        text: line.slice(r.start, r.end),
        decorations: { underline: true, pointerCursor: true },
        activate: () => { for (const l of explainListeners) l(r.topic); },
      }));
      callback(links.length ? links : undefined);
    },
  });

  // after dispose (a closed tab) a command that was still running may still print: nothing is shown
  let disposed = false;
  return {
    write: (text) => {
      // output holds the cursor still too: a blinking cursor asks for a frame on every display
      // refresh, and while output streams (a big paste, a long listing) those frames are paid for
      // on top of the output's own paints (in WebKitGTK without a GPU each one is composited in
      // software on the cores the page needs; issue 11, finding 12)
      if (disposed) return;
      holdBlink();
      const pieces = writeChunks(text);
      // xterm parses the first write after a key at once, in the task that made the output; output
      // long enough to stream starts in a task of its own instead (an empty write takes that turn),
      // so the command's own work and its first piece never add up to one long task
      if (pieces.length > 1) term.write('');
      for (const piece of pieces) term.write(piece);
    },
    // ED 2 clears the screen, ED 3 the scrollback; as escape sequences they stay ordered with writes.
    clear: () => { if (!disposed) term.write('\x1b[H\x1b[2J\x1b[3J'); },
    cols: () => term.cols,
    rows: () => term.rows,
    onData: (listener) => { term.onData(listener); },
    onExplain: (listener) => { explainListeners.push(listener); },
    setTheme: (dark) => { term.options.theme = THEMES[dark ? 'dark' : 'light']; },
    setKnownTopics: (k) => { known = k; },
    focus: () => { if (!disposed) term.focus(); },
    dispose: () => {
      if (disposed) return;
      disposed = true;
      clearTimeout(blinkTimer); host.removeEventListener('paste', noPasteIntoTextarea, true); observer.disconnect(); linkProvider.dispose(); term.dispose(); },
  };
}
