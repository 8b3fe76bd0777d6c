// Every module's evidence provider, registered once when the assessment module loads.
import { examsEvidence } from '../../exams/evidence';
import { learningEvidence } from '../../learning/evidence';
import { libraryEvidence } from '../../library/evidence';
import { notesEvidence } from '../../notes/evidence';
import { reflectionsEvidence } from '../../reflections/evidence';
import { seminarsEvidence } from '../../seminars/evidence';
import { sessionsEvidence } from '../../sessions/evidence';
import { studyEvidence } from '../../study/evidence';
import { rectificationEvidence } from '../rectifications/evidence';
import { registerEvidenceProvider } from './registry';

for (const p of [studyEvidence, notesEvidence, reflectionsEvidence, libraryEvidence, sessionsEvidence, seminarsEvidence, examsEvidence, learningEvidence, rectificationEvidence]) registerEvidenceProvider(p);
