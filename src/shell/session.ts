/**
 * The boundary between the console engine and whatever shows it (the xterm page, a test, a CLI).
 * Plain data only, so the engine could later move into a worker.
 *
 * Protocol: the view calls `start()` once, then `submit(line)` for every line the user enters
 * (never while a previous submit is still pending). The engine writes through `Output.write`
 * with "\n" line ends (the view converts to "\r\n"); after `start()` and after every `submit()`
 * it has written the next prompt itself. `inputMode` tells the view how to echo the next line:
 * 'hidden' while a password is being read (`loginHSM -hpswd`): the view must not echo typed
 * characters and must not store that line in history.
 */
export interface Output {
  write(text: string): void;
  /** Erase the screen and scrollback (host shell `clear`). */
  clear(): void;
}

export type InputMode = 'normal' | 'hidden';

export interface ConsoleSession {
  start(): Promise<void>;
  submit(line: string): Promise<void>;
  readonly prompt: string;
  readonly inputMode: InputMode;
}
