// Substring search that means what the user typed: % and _ are ordinary
// characters, not LIKE wildcards (SQLite's LIKE has no default escape
// character, PostgreSQL's is the backslash: an explicit ESCAPE reads the same
// on both).
import { sql, type Expression, type SqlBool } from 'kysely';

/** The LIKE pattern for "contains `text`", with \, % and _ escaped by a backslash. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** `column LIKE '%text%' ESCAPE '\'`: a column (e.g. 'n.quote') contains the text. */
export function contains(column: string, text: string): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} LIKE ${containsPattern(text)} ESCAPE '\\'`;
}
