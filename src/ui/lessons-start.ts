/**
 * The door to the lessons (issue 13): what App.svelte loads when the learner first opens them. It
 * imports nothing itself, so the first script names one small file for it; the controller, the
 * panel and their chunks (src/ui/lessons.svelte.ts) load from here.
 */
import type { LessonPage } from './lessons.svelte';

export const startLessons = async (page: LessonPage) => (await import('./lessons.svelte')).startLessons(page);
