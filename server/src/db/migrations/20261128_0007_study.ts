import type { Kysely } from 'kysely';
import { withId } from './helpers';

// The study system (plan §三.4, §三.5, §三.8): the annual plan, collective
// sessions and check-in, monthly reading plans, the daily study log, notes,
// online learning and practice, the official working-day calendar, uploads
// (evidence photos) and per-user preferences.
export async function up(db: Kysely<any>): Promise<void> {
  // 年度学习计划安排表: one per unit and year.
  await withId(db, db.schema.createTable('study_plans'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('study_plans_unit_year', ['unit_id', 'year'])
    .execute();

  // The plan's rows, month by month: theme and remarks.
  await withId(db, db.schema.createTable('study_plan_months'))
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('study_plans.id'))
    .addColumn('month', 'integer', (c) => c.notNull())
    .addColumn('theme', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('content', 'text', (c) => c.notNull().defaultTo(''))
    .addUniqueConstraint('study_plan_months_plan_month', ['plan_id', 'month'])
    .execute();

  // 必学书目, optionally tied to a month of the plan.
  await withId(db, db.schema.createTable('required_books'))
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('study_plans.id'))
    .addColumn('book_id', 'integer', (c) => c.notNull().references('books.id'))
    .addColumn('month', 'integer')
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addUniqueConstraint('required_books_plan_book', ['plan_id', 'book_id'])
    .execute();

  // 集中学习: a collective study session, organised by a unit, attended by units.
  await withId(db, db.schema.createTable('study_sessions'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('plan_id', 'integer', (c) => c.references('study_plans.id'))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('host', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('scheduled'))
    .addColumn('qr_secret', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('study_sessions_starts').on('study_sessions').column('starts_at').execute();
  await db.schema.createIndex('study_sessions_unit').on('study_sessions').columns(['unit_id', 'starts_at']).execute();

  await withId(db, db.schema.createTable('study_session_units'))
    .addColumn('session_id', 'integer', (c) => c.notNull().references('study_sessions.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addUniqueConstraint('study_session_units_pair', ['session_id', 'unit_id'])
    .execute();

  // 签到: one per member and session; the unique pair makes a second scan do nothing.
  await withId(db, db.schema.createTable('check_ins'))
    .addColumn('session_id', 'integer', (c) => c.notNull().references('study_sessions.id'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('checked_at', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
    .addUniqueConstraint('check_ins_session_member', ['session_id', 'member_id'])
    .execute();
  await db.schema.createIndex('check_ins_member').on('check_ins').column('member_id').execute();

  // 请假: asked by the member, decided by the clerk.
  await withId(db, db.schema.createTable('leave_requests'))
    .addColumn('session_id', 'integer', (c) => c.notNull().references('study_sessions.id'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
    .addColumn('decision_note', 'text')
    .addUniqueConstraint('leave_requests_session_member', ['session_id', 'member_id'])
    .execute();

  // 月度阅读计划: the items a member plans for a month ('YYYY-MM'); a book of
  // the catalog or one of their own.
  await withId(db, db.schema.createTable('reading_plan_items'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('book_id', 'integer', (c) => c.references('books.id'))
    .addColumn('own_title', 'text')
    .addColumn('own_author', 'text')
    .addColumn('target_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('reading'))
    .addColumn('finished_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('reading_plan_items_member_month').on('reading_plan_items').columns(['member_id', 'month']).execute();
  await db.schema.createIndex('reading_plan_items_month').on('reading_plan_items').columns(['month', 'status']).execute();

  // 每日学习记录: minutes per day and kind (reading, session, online, practice).
  await withId(db, db.schema.createTable('study_logs'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('book_id', 'integer', (c) => c.references('books.id'))
    .addColumn('book_title', 'text')
    .addColumn('progress', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('manual'))
    .addColumn('source_ref', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('study_logs_member_day').on('study_logs').columns(['member_id', 'day', 'kind', 'minutes']).execute();
  await db.schema.createIndex('study_logs_day').on('study_logs').column('day').execute();
  await db.schema.createIndex('study_logs_source').on('study_logs').columns(['source', 'source_ref']).unique().execute();

  // The phone's start/stop timer lives on the server, so closing the page loses nothing.
  await db.schema
    .createTable('study_timers')
    .addColumn('member_id', 'integer', (c) => c.primaryKey().references('members.id'))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('book_id', 'integer', (c) => c.references('books.id'))
    .addColumn('book_title', 'text')
    .execute();

  // 学习笔记.
  await withId(db, db.schema.createTable('notes'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('book_id', 'integer', (c) => c.references('books.id'))
    .addColumn('book_title', 'text')
    .addColumn('chapter', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('page', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('quote', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('thought', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('private'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('notes_member_book').on('notes').columns(['member_id', 'book_id']).execute();

  // Uploaded evidence (screenshots, photos), kept in the database so a backup holds it.
  await withId(db, db.schema.createTable('files'))
    .addColumn('owner_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('data_base64', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // 线上学习: platform, content, and minutes or 学时 or points.
  await withId(db, db.schema.createTable('online_learning'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('minutes', 'integer')
    .addColumn('credit_tenths', 'integer')
    .addColumn('points', 'integer')
    .addColumn('evidence_file_id', 'integer', (c) => c.references('files.id'))
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('self'))
    .addColumn('import_key', 'text', (c) => c.unique())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('online_learning_member_day').on('online_learning').columns(['member_id', 'day']).execute();

  // 实践活动: volunteering, research, service, with photos.
  await withId(db, db.schema.createTable('practice_activities'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('photo_file_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('practice_activities_member_day').on('practice_activities').columns(['member_id', 'day']).execute();

  // The official calendar: 'holiday' (放假) or 'workday' (调休上班) on a date.
  // Years the bundled chinese-days data covers need no rows; the clerk enters
  // or imports later years here, and a row here wins over the bundled data.
  await db.schema
    .createTable('calendar_days')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .execute();

  // Small per-user switches, e.g. the evening reminder.
  await withId(db, db.schema.createTable('user_preferences'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addUniqueConstraint('user_preferences_user_key', ['user_id', 'key'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversible; restore a backup instead');
}
