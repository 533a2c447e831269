/**
 * The embed page's view (src/ui/Embed.svelte, with Svelte): loaded by src/embed/main.ts side by side
 * with the live console's parts, not before them — the entry only reads the address, starts the
 * console off-screen and asks for what it needs, so a `load=now` embed fetches its terminal, engine
 * and wasm while this arrives (the built embed.html also preloads this chunk: scripts/embed-build.ts).
 */
import { mount, type ComponentProps } from 'svelte';
import Embed from '../ui/Embed.svelte';

export type EmbedProps = ComponentProps<typeof Embed>;

/** Show the embed page in `target`. */
export function showEmbed(target: HTMLElement, props: EmbedProps): void {
  mount(Embed, { target, props });
}
