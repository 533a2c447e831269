/**
 * Opens the transcript export dialog (TranscriptExport.svelte) for a terminal tab, over the page;
 * loaded with it when the terminal strip's "Transcript…" is first pressed (so the page's first
 * script holds only that button).
 */
import { mount, unmount } from 'svelte';
import TranscriptExport from './TranscriptExport.svelte';
import { PROGRAM_NAMES } from './tabs';
import type { TabInfo } from './TerminalTabs.svelte';
import type { Recorder } from '../shell/transcript';

export function openTranscriptExport(
  tab: TabInfo, terminal: { recorded(): { recorder: Recorder; cols: number; rows: number } } | undefined, closed: () => void,
): void {
  const dialog = mount(TranscriptExport, {
    target: document.body,
    props: {
      name: `Terminal ${tab.n}`,
      program: PROGRAM_NAMES[tab.program],
      source: () => terminal?.recorded(),
      onclose: () => {
        void unmount(dialog);
        closed();
      },
    },
  });
}
