/**
 * Lesson 7: Lock out a user, and reset them. (A stub of the contract: its author fills the start state and the steps.)
 */
import type { Lesson } from '../format';

const lesson: Lesson = {
  id: 'lockout',
  title: 'Lock out a user, and reset them',
  summary: 'Type wrong passwords until a crypto user is locked out, then have the crypto officer reset the password.',
  start: {},
  steps: [],
};

export default lesson;
