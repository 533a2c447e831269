/**
 * TEST ONLY: the script of a deliberately wrong worker (faults.ts), bundled by scripts/pwa.ts's
 * `bundleWorker(…, { faults })` for e2e/offline.e2e.ts's negative controls — never by the site's build.
 */
import { faultyServiceWorker, type SwFault } from './faults';
import type { SwBuild, SwScope } from './sw';

declare const __KMU_SW_BUILD__: SwBuild;
declare const __KMU_SW_FAULTS__: readonly SwFault[];

faultyServiceWorker(self as unknown as SwScope, __KMU_SW_BUILD__, __KMU_SW_FAULTS__);
