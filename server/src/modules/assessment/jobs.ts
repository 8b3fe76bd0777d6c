import type { Job } from '../../platform/jobs';
import { remindRectifications } from './rectifications/service';

/** Daily: rectifications due soon or overdue, to their owners (inbox and outgoing channels). */
export const jobs: Job[] = [{ name: 'assessment.rectification-reminders', at: '09:00', run: (svc) => remindRectifications(svc) }];
