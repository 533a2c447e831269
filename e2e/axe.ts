/**
 * axe-core in the page under test (served by the harness's preview server at /__e2e/axe.min.js):
 * the serious and critical violations, each as one line that names the rule and the elements.
 */
import type { E2EPage as Page } from './harness';

interface AxeResult { id: string; impact: string | null; help: string; nodes: Array<{ target: unknown }> }

/** Serious and critical violations in the page (or in the elements `include` selects), as lines. */
export async function seriousViolations(page: Page, include?: string): Promise<string[]> {
  await page.evaluate(() => new Promise<void>((resolve, reject) => {
    if ((window as unknown as { axe?: unknown }).axe) return resolve();
    const s = document.createElement('script');
    s.src = '/__e2e/axe.min.js';
    s.onload = () => resolve();
    s.onerror = () => reject(new Error('axe-core did not load'));
    document.head.append(s);
  }));
  const violations = await page.evaluate(async (sel) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeResult[] }> } }).axe;
    return (await axe.run(sel ? { include: [[sel]] } : document, { resultTypes: ['violations'] })).violations;
  }, include ?? null);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}
