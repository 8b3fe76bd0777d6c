// The in-memory shape of a MARC record once its bytes are decoded, shared by the
// ISO 2709 and MARCXML readers, and the format decision both of them need.

export interface MarcSubfield {
  code: string;
  value: string;
}

export interface MarcControlField {
  tag: string;
  value: string;
}

export interface MarcDataField {
  tag: string;
  ind1: string;
  ind2: string;
  subfields: MarcSubfield[];
}

export type MarcField = MarcControlField | MarcDataField;

export interface MarcRecord {
  leader: string;
  fields: MarcField[];
}

export type MarcFormat = 'marc21' | 'unimarc';

export function isControlTag(tag: string): boolean {
  return /^00[1-9]$/.test(tag);
}

export function isDataField(f: MarcField): f is MarcDataField {
  return 'subfields' in f;
}

/** UNIMARC 100$a is 36 fixed characters starting with the entry date and a date type. */
export function looksLikeUnimarc100a(a: string | undefined): boolean {
  return !!a && /^\d{8}[a-kux]/.test(a) && a.length >= 26;
}

const UNIMARC_TAGS: Record<string, number> = {
  '200': 3, '010': 1, '210': 1, '214': 1, '215': 1, '225': 1, '330': 1, '606': 1, '690': 2,
  '701': 1, '702': 1, '801': 1, '905': 1, '995': 1,
};
const MARC21_TAGS: Record<string, number> = {
  '245': 3, '020': 1, '260': 1, '264': 1, '300': 1, '490': 1, '520': 1, '650': 1, '008': 1,
  '040': 1, '880': 1, '852': 1, '952': 1,
};

/**
 * MARC21 or UNIMARC, from the tags present. The leader cannot tell them apart (both
 * are ISO 2709, and the test data mixes UNIMARC records into a MARC21 file), and a
 * single tag can mislead: 100 exists in both, with different meaning.
 */
export function detectFormat(tags: string[], unimarc100a: string | undefined): MarcFormat {
  let uni = looksLikeUnimarc100a(unimarc100a) ? 3 : 0;
  let m21 = 0;
  for (const t of new Set(tags)) {
    uni += UNIMARC_TAGS[t] ?? 0;
    m21 += MARC21_TAGS[t] ?? 0;
  }
  if (uni === m21) return tags.includes('200') && !tags.includes('245') ? 'unimarc' : 'marc21';
  return uni > m21 ? 'unimarc' : 'marc21';
}
