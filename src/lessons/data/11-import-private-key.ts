/**
 * Lesson 11: Import a private key by wrapping it. (A stub of the contract: its author fills the start state and the steps.)
 */
import type { Lesson } from '../format';

const lesson: Lesson = {
  id: 'import-private-key',
  title: 'Import a private key by wrapping it',
  summary: 'Bring a private key made outside the HSM in with importPrivateKey, which wraps it with an AES key and unwraps it inside.',
  start: {},
  steps: [],
};

export default lesson;
