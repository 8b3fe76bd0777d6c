import type { Job } from '../../platform/jobs';

/** Daily jobs of this module, run once a day across app nodes (platform/jobs.ts). */
export const jobs: Job[] = [];
