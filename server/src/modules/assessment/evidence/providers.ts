// Every module's evidence provider, registered once when the assessment module loads.
// A module that lands later (seminars, exams) adds its line here.
import { libraryEvidence } from '../../library/evidence';
import { notesEvidence } from '../../notes/evidence';
import { reflectionsEvidence } from '../../reflections/evidence';
import { sessionsEvidence } from '../../sessions/evidence';
import { studyEvidence } from '../../study/evidence';
import { rectificationEvidence } from '../rectifications/evidence';
import { registerEvidenceProvider } from './registry';

for (const p of [studyEvidence, notesEvidence, reflectionsEvidence, libraryEvidence, sessionsEvidence, rectificationEvidence]) registerEvidenceProvider(p);
