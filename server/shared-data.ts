import path from 'node:path';

/**
 * The public data sets the evaluations, the churn model's training and the demo read:
 * ../shared/data beside the repository, or SHARED_DATA_DIR when the repository is cloned
 * somewhere else (`.ci/run` sets it for a clone in /tmp).
 */
export const SHARED_DATA_DIR = process.env.SHARED_DATA_DIR
  ? path.resolve(process.env.SHARED_DATA_DIR)
  : path.resolve(import.meta.dirname, '..', '..', 'shared', 'data');
