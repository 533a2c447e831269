/**
 * Opens the transcript export dialog (TranscriptExport.svelte) for a terminal tab, over the page;
 * loaded with it when the terminal strip's "Transcript…" is first pressed (so the page's first
 * script holds only that button).
 */
import { mount } from 'svelte';
import TranscriptExport, { type Opening } from './TranscriptExport.svelte';
import { PROGRAM_NAMES } from './tabs';
import type { TabInfo } from './TerminalTabs.svelte';
import type { Recorder } from '../shell/transcript';

/** The dialog, mounted on first use and opened again after (it closes itself). */
let dialog: { open(opening: Opening): Promise<void> } | undefined;

/** Open the dialog for a tab's terminal; when it closes, that terminal has the keyboard again. */
export function openTranscriptExport(
  tab: TabInfo, terminal: { recorded(): { recorder: Recorder; cols: number; rows: number }; focus(): void } | undefined,
): void {
  dialog ??= mount(TranscriptExport, { target: document.body });
  void dialog.open({
    name: `Terminal ${tab.n}`, program: PROGRAM_NAMES[tab.program], source: () => terminal?.recorded(), onclose: () => terminal?.focus(),
  });
}
