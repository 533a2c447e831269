/**
 * Lesson 4: Move a key between two clusters. (A stub of the contract: its author fills the start state and the steps.)
 */
import type { Lesson } from '../format';

const lesson: Lesson = {
  id: 'move-between-clusters',
  title: 'Move a key between two clusters',
  summary: 'Export a key from one cluster, import it into another with a wrapping key of that cluster, and prove it arrived.',
  start: {},
  steps: [],
};

export default lesson;
