import { libraryJobs } from './modules/library/circulation/service';
import { jobs as studyJobs } from './modules/study/jobs';
import { summaryJobs } from './modules/study/summary';
import { jobs as sessionJobs } from './modules/sessions/jobs';
import { jobs as channelJobs } from './modules/channels/jobs';
import { jobs as reflectionJobs } from './modules/reflections/jobs';
import { jobs as seminarJobs } from './modules/seminars/jobs';
import { jobs as assessmentJobs } from './modules/assessment/jobs';
import type { Job } from './platform/jobs';

/** Every daily job of the app; main.ts hands them to the scheduler. */
export const allJobs: Job[] = [...libraryJobs, ...studyJobs, ...summaryJobs, ...sessionJobs, ...channelJobs, ...reflectionJobs, ...seminarJobs, ...assessmentJobs];
