/**
 * Lesson 5: Wrap and unwrap: -m 5, -m 6 and -m 4. (A stub of the contract: its author fills the start state and the steps.)
 */
import type { Lesson } from '../format';

const lesson: Lesson = {
  id: 'wrap-mechanisms',
  title: 'Wrap and unwrap: -m 5, -m 6 and -m 4',
  summary: 'Wrap one key with three AES mechanisms and unwrap each blob, and see why only RFC 3394 and RFC 5649 interoperate with other tools.',
  start: {},
  steps: [],
};

export default lesson;
