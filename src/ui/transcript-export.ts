/**
 * Opens the transcript export dialog (TranscriptExport.svelte) for a terminal tab, over the page;
 * loaded with it when the terminal strip's "Transcript…" is first pressed (so the page's first
 * script holds only that button).
 */
import { mount } from 'svelte';
import TranscriptExport from './TranscriptExport.svelte';
import { PROGRAM_NAMES, type ProgramId } from './tabs';
import type { Recorder } from '../shell/transcript';

/** One opening of the dialog. */
export interface Opening {
  /** The terminal's name ("Terminal 2") and the program it is in, for the title and the file name. */
  name: string;
  program: string;
  /** The terminal's recording and its size now (undefined: the terminal is gone). */
  source: () => { recorder: Recorder; cols: number; rows: number } | undefined;
  onclose: () => void;
}

/** The dialog, mounted on first use and opened again after (it closes itself). */
let dialog: { open(opening: Opening): Promise<void> } | undefined;

/** Open the dialog for a tab's terminal; when it closes, that terminal has the keyboard again. */
export function openTranscriptExport(
  tab: { n: number; program: ProgramId },
  terminal: { recorded(): { recorder: Recorder; cols: number; rows: number }; focus(): void } | undefined,
): void {
  dialog ??= mount(TranscriptExport, { target: document.body }) as unknown as { open(opening: Opening): Promise<void> };
  void dialog.open({
    name: `Terminal ${tab.n}`, program: PROGRAM_NAMES[tab.program], source: () => terminal?.recorded(), onclose: () => terminal?.focus(),
  });
}
