/**
 * Share links (issue 15, item 1) as the page loads them: one chunk, fetched after the first prompt
 * (src/main.ts: the recorder of typed lines) and used by the header's Share button and by a share
 * link's replay (src/ui/App.svelte). The dialogs are mounted here, over the page, so the page's
 * first script holds no markup of theirs.
 */
import { mount, unmount } from 'svelte';
import ShareDialog from './ShareDialog.svelte';
import ShareReplay from './ShareReplay.svelte';
import type { Focused } from './share-target';

export { recordTyped } from '../shell/share-record';

/** Open the Share dialog for the focused terminal; it goes away when closed. */
export function openShareDialog(focused: () => Focused): void {
  const shown = mount(ShareDialog, { target: document.body, props: { focused, onclose: () => void unmount(shown) } });
}

/** Offer to replay a share link (`fragment`) into the focused terminal; `status` hears the progress. */
export function openShareReplay(fragment: string, focused: () => Focused, status: (text: string) => void): void {
  mount(ShareReplay, { target: document.body, props: { fragment, focused, status } });
}
