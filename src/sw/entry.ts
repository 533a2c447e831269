/**
 * The service worker script (/sw.js): scripts/pwa.ts bundles this file with the build's version
 * and file list in place of __KMU_SW_BUILD__ (a classic script: no imports at run time).
 */
import { serviceWorker, type SwBuild, type SwScope } from './sw';

declare const __KMU_SW_BUILD__: SwBuild;

serviceWorker(self as unknown as SwScope, __KMU_SW_BUILD__);
