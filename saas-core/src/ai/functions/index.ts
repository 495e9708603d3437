import type { AiFunctionRunner } from '../engine';
import type { AiFunction } from '../prompts';
import { localAutoCluster } from './auto-cluster';

/** The runner of each AI function available so far, by function. */
export const AI_RUNNERS: Partial<Record<AiFunction, AiFunctionRunner>> = {
  auto_cluster: localAutoCluster,
};
