/**
 * The only module of the project that imports @xterm/*. It owns the Terminal widget: creation,
 * fitting to its host element, input, and disposal. Everything else talks to the small
 * `TerminalView` interface below.
 */
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';

export interface TerminalView {
  write(text: string): void;
  /** Erase the screen and the scrollback, in order with earlier writes. */
  clear(): void;
  cols(): number;
  rows(): number;
  onData(listener: (data: string) => void): void;
  focus(): void;
  dispose(): void;
}

/** System monospace fonts only: nothing is fetched. */
const FONT_STACK =
  'ui-monospace, "Cascadia Mono", "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", "Noto Sans Mono", monospace';

export function createTerminalView(host: HTMLElement): TerminalView {
  const term = new Terminal({
    convertEol: true,
    cursorBlink: true,
    fontFamily: FONT_STACK,
    fontSize: 15,
    lineHeight: 1.15,
    scrollback: 5000,
    allowProposedApi: false,
    theme: {
      background: '#101418',
      foreground: '#d8dee4',
      cursor: '#f0b429',
      selectionBackground: '#3a4a5c',
    },
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(host);

  const refit = () => {
    // fit() throws nothing but proposes nothing while the host is hidden or has no size yet
    if (host.clientWidth > 0 && host.clientHeight > 0) fit.fit();
  };
  refit();
  const observer = new ResizeObserver(() => refit());
  observer.observe(host);

  return {
    write: (text) => term.write(text),
    // ED 2 clears the screen, ED 3 the scrollback; as escape sequences they stay ordered with writes.
    clear: () => term.write('\x1b[H\x1b[2J\x1b[3J'),
    cols: () => term.cols,
    rows: () => term.rows,
    onData: (listener) => { term.onData(listener); },
    focus: () => term.focus(),
    dispose: () => { observer.disconnect(); term.dispose(); },
  };
}
