import type { Kysely } from 'kysely';
import { withId } from './helpers';

// Monthly seminars (研讨会: 个人说 · 同事议 · 书记评, plan §三.6) and party lectures by
// ordinary cadres (讲党课, plan §三.7). Each seminar and each scheduled lecture owns
// one collective session (study_sessions): attendance, leave and study minutes are
// the session's rotating-QR check-in (decision 010).
export async function up(db: Kysely<any>): Promise<void> {
  // Uploaded photos, slides and handouts: recognised by content, kept base64 so a backup holds them.
  await withId(db, db.schema.createTable('seminar_files'))
    .addColumn('owner_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('data_base64', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('seminars'))
    // The organising unit; the attending units are the session's.
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('session_id', 'integer', (c) => c.notNull().unique().references('study_sessions.id'))
    // 'YYYY-MM' (Asia/Shanghai) the seminar counts for.
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('theme', 'text', (c) => c.notNull())
    // Who chairs: the only account that may write 书记评 and sign the minutes off.
    .addColumn('chair_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('chair_name', 'text', (c) => c.notNull())
    // scheduled | signed (minutes signed off: 书记评 locked) | cancelled
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('scheduled'))
    .addColumn('signed_at', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('seminars_unit_month').on('seminars').columns(['unit_id', 'month']).execute();

  await withId(db, db.schema.createTable('seminar_speakers'))
    .addColumn('seminar_id', 'integer', (c) => c.notNull().references('seminars.id'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('volunteered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('book_id', 'integer', (c) => c.references('books.id'))
    .addColumn('book_title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reflection_id', 'integer', (c) => c.references('reflections.id'))
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('file_id', 'integer', (c) => c.references('seminar_files.id'))
    // 书记评: a grade (优秀/良好/一般) or a score, per the setting when written.
    .addColumn('grade', 'text')
    .addColumn('score', 'integer')
    .addColumn('evaluation', 'text')
    .addColumn('evaluated_at', 'text')
    .addColumn('evaluated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('seminar_speakers_pair', ['seminar_id', 'member_id'])
    .execute();

  // 同事议: append-only in practice; the live view polls by id.
  await withId(db, db.schema.createTable('seminar_comments'))
    .addColumn('seminar_id', 'integer', (c) => c.notNull().references('seminars.id'))
    .addColumn('speaker_id', 'integer', (c) => c.notNull().references('seminar_speakers.id'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('seminar_comments_seminar').on('seminar_comments').columns(['seminar_id', 'id']).execute();

  await withId(db, db.schema.createTable('lectures'))
    // The lecturer's unit when proposed (scope of the clerk who approves).
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('outline', 'text', (c) => c.notNull().defaultTo(''))
    // proposed | scheduled | rejected | cancelled
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('proposed'))
    .addColumn('session_id', 'integer', (c) => c.unique().references('study_sessions.id'))
    .addColumn('decision_note', 'text')
    .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('lectures_member').on('lectures').columns(['member_id', 'status']).execute();

  await withId(db, db.schema.createTable('lecture_files'))
    .addColumn('lecture_id', 'integer', (c) => c.notNull().references('lectures.id'))
    .addColumn('file_id', 'integer', (c) => c.notNull().references('seminar_files.id'))
    // slides | handout
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('lecture_ratings'))
    .addColumn('lecture_id', 'integer', (c) => c.notNull().references('lectures.id'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('stars', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('lecture_ratings_pair', ['lecture_id', 'member_id'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversible; restore a backup instead');
}
