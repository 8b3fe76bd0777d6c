import type { QuestionDraft } from '../bank/model';

/** One question read from a file, with the line (text formats) or row (Excel) it starts on. */
export interface Parsed {
  line: number;
  draft: QuestionDraft;
}

/** A question the file holds but the bank cannot take, with its line or row and why. */
export interface Refused {
  line: number;
  reason: string;
}

export interface ParseResult {
  questions: Parsed[];
  refused: Refused[];
}
