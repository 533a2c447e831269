/**
 * Lesson 8: -min_srv and -timeout with an HSM down. (A stub of the contract: its author fills the start state and the steps.)
 */
import type { Lesson } from '../format';

const lesson: Lesson = {
  id: 'min-srv-timeout',
  title: '-min_srv and -timeout with an HSM down',
  summary: 'Take an HSM down and see how -min_srv and -timeout decide whether a new key is made.',
  start: {},
  steps: [],
};

export default lesson;
