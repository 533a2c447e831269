/**
 * Lesson 6: Share a key with another crypto user. (A stub of the contract: its author fills the start state and the steps.)
 */
import type { Lesson } from '../format';

const lesson: Lesson = {
  id: 'share-a-key',
  title: 'Share a key with another crypto user',
  summary: 'Share a key from cloudhsm_mgmt_util, use it as the second user, and meet 0xc6 where sharing stops.',
  start: {},
  steps: [],
};

export default lesson;
