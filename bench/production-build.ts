/**
 * `vite build` as `npm run build` makes it. Vitest runs with NODE_ENV=test, under which the Svelte
 * plugin compiles components and resolves the runtime in development mode (dev checks and warnings:
 * about 6 kB gzip more before the first prompt), so a bench that builds the page from inside
 * Vitest would time and weigh code no visitor gets. The build runs with NODE_ENV=production.
 */
import { build, type InlineConfig } from 'vite';

export async function productionBuild(config: InlineConfig): ReturnType<typeof build> {
  const before = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    return await build({ mode: 'production', ...config });
  } finally {
    if (before === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = before;
  }
}
