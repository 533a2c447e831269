/**
 * The long-task helper (longtask.ts) sees a deliberate 300 ms busy loop in every engine: through
 * the Long Tasks API where it exists (Chromium), through the heartbeat elsewhere.
 */
import { expect, it } from 'vitest';
import { describeE2E, usePlayground } from './harness';
import { longestTask, resetLongTasks } from './longtask';

describeE2E('the long-task helper', (engine) => {
  const pg = usePlayground(import.meta.url, engine);

  it('catches a 300 ms busy loop in the page', async () => {
    const t = await pg.open();
    const { method } = await longestTask(t.page);
    expect(method).toBe(engine === 'chromium' ? 'longtask' : 'heartbeat');
    await t.page.waitForTimeout(300);
    await resetLongTasks(t.page);
    // a task of the page's own event loop (a timer callback) that keeps the main thread for 300 ms
    await t.page.evaluate(() => {
      setTimeout(() => { const end = performance.now() + 300; while (performance.now() < end) { /* busy */ } }, 0);
    });
    await t.page.waitForTimeout(700);
    const seen = await longestTask(t.page);
    expect(seen.longestMs).toBeGreaterThanOrEqual(295);
    expect(seen.longestMs).toBeLessThan(5000);
    console.log(`${pg.version}: the 300 ms busy loop measured ${seen.longestMs.toFixed(0)} ms by ${seen.method}`);
    // and after a reset, typing a command at an idle prompt is not mistaken for that loop
    await resetLongTasks(t.page);
    expect(await t.run('echo quiet')).toBe('quiet');
    expect((await longestTask(t.page)).longestMs).toBeLessThan(295);
    await t.page.close();
  });
});
