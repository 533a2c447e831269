/**
 * Lesson 9: Trusted keys. (A stub of the contract: its author fills the start state and the steps.)
 */
import type { Lesson } from '../format';

const lesson: Lesson = {
  id: 'trusted-keys',
  title: 'Trusted keys',
  summary: 'As the crypto officer, mark a wrapping key trusted, and make a key that may only be wrapped with trusted keys.',
  start: {},
  steps: [],
};

export default lesson;
