/**
 * Share links (issue 15, item 1) as the page loads them: one chunk, fetched after the first prompt
 * (src/main.ts: the recorder of typed lines) and used by the header's Share button and by a share
 * link's replay (src/ui/App.svelte). One chunk keeps the page's first script from naming several.
 */
export { recordTyped } from '../shell/share-record';
export { default as ShareDialog } from './ShareDialog.svelte';
export { default as ShareReplay } from './ShareReplay.svelte';
