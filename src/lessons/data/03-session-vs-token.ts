/**
 * Lesson 3: Session keys and token keys. (A stub of the contract: its author fills the start state and the steps.)
 */
import type { Lesson } from '../format';

const lesson: Lesson = {
  id: 'session-vs-token',
  title: 'Session keys and token keys',
  summary: 'Import a 3DES key as a session key, see it vanish when the session ends, and turn a session key into a token key.',
  start: {},
  steps: [],
};

export default lesson;
