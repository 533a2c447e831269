/**
 * Lesson 10: Sign, and verify with an exported public key. (A stub of the contract: its author fills the start state and the steps.)
 */
import type { Lesson } from '../format';

const lesson: Lesson = {
  id: 'sign-verify',
  title: 'Sign, and verify with an exported public key',
  summary: 'Generate a key pair, sign a file in the HSM, export the public key and verify the signature outside it.',
  start: {},
  steps: [],
};

export default lesson;
