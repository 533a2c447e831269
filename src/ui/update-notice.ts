/** "A new version is ready": shown once, at the page's bottom corner (src/platform/service-worker.ts decides when). */
import { mount } from 'svelte';
import UpdateNotice from './UpdateNotice.svelte';

export function showUpdateNotice(reload: () => void): void {
  const host = document.createElement('div');
  document.body.append(host);
  mount(UpdateNotice, { target: host, props: { reload } });
}
