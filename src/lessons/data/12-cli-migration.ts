/**
 * Lesson 12: From key_mgmt_util to the CloudHSM CLI. (A stub of the contract: its author fills the start state and the steps.)
 */
import type { Lesson } from '../format';

const lesson: Lesson = {
  id: 'cli-migration',
  title: 'From key_mgmt_util to the CloudHSM CLI',
  summary: "Do what you know in key_mgmt_util again in the CloudHSM CLI, on the same keys: find, share and wrap them in the successor's syntax.",
  start: {},
  steps: [],
};

export default lesson;
