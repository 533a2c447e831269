/**
 * Lesson 1: Import a plaintext key with imSymKey. (A stub of the contract: its author fills the start state and the steps.)
 */
import type { Lesson } from '../format';

const lesson: Lesson = {
  id: 'imsymkey-import',
  title: 'Import a plaintext key with imSymKey',
  summary: 'Bring an AES key from a file into the HSM by wrapping it with a key the HSM holds, and see that the HSM marks it as not generated inside (OBJ_ATTR_LOCAL = 0).',
  start: {},
  steps: [],
};

export default lesson;
