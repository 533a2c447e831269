/**
 * Lesson 2: Export it again, and prove it is the same. (A stub of the contract: its author fills the start state and the steps.)
 */
import type { Lesson } from '../format';

const lesson: Lesson = {
  id: 'export-and-prove',
  title: 'Export it again, and prove it is the same',
  summary: 'Take the imported key back out with exSymKey and prove with key check values that the material never changed.',
  start: {},
  steps: [],
};

export default lesson;
