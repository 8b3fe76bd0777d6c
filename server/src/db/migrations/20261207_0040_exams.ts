import type { Kysely } from 'kysely';
import { withId } from './helpers';

// 季度测试 and 每日一练 (issue 14): a question bank in nested categories, where a
// question's content lives in versions (an answered question edited gets a new
// version; old attempts keep theirs), papers built of fixed questions and random
// draws, attempts whose draw is recorded item by item, and the daily practice.
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('exam_categories'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('parent_id', 'integer', (c) => c.references('exam_categories.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('exam_categories_name').on('exam_categories').columns(['unit_id', 'parent_id', 'name']).execute();

  await withId(db, db.schema.createTable('exam_questions'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('category_id', 'integer', (c) => c.notNull().references('exam_categories.id'))
    .addColumn('current_version_id', 'integer')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('exam_questions_category').on('exam_questions').columns(['category_id', 'status']).execute();

  await withId(db, db.schema.createTable('exam_question_versions'))
    .addColumn('question_id', 'integer', (c) => c.notNull().references('exam_questions.id'))
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('stem', 'text', (c) => c.notNull())
    .addColumn('stem_format', 'text', (c) => c.notNull().defaultTo('plain'))
    .addColumn('options', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('answer', 'text', (c) => c.notNull().defaultTo('null'))
    .addColumn('explanation', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('difficulty', 'integer', (c) => c.notNull().defaultTo(3))
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('source', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('exam_question_versions_q').on('exam_question_versions').columns(['question_id', 'version_no']).unique().execute();
  await db.schema.createIndex('exam_question_versions_fp').on('exam_question_versions').column('fingerprint').execute();

  await withId(db, db.schema.createTable('exam_papers'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('quarter', 'text', (c) => c.notNull())
    .addColumn('opens_at', 'text', (c) => c.notNull())
    .addColumn('closes_at', 'text', (c) => c.notNull())
    .addColumn('time_limit_minutes', 'integer', (c) => c.notNull())
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('grading_method', 'text', (c) => c.notNull().defaultTo('highest'))
    .addColumn('shuffle_questions', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('shuffle_options', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('review_after_submit', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('review_after_close', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await withId(db, db.schema.createTable('exam_paper_sections'))
    .addColumn('paper_id', 'integer', (c) => c.notNull().references('exam_papers.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('question_id', 'integer', (c) => c.references('exam_questions.id'))
    .addColumn('category_id', 'integer', (c) => c.references('exam_categories.id'))
    .addColumn('qtype', 'text')
    .addColumn('difficulty', 'integer')
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('points', 'double precision', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('exam_paper_sections_paper').on('exam_paper_sections').columns(['paper_id', 'position']).execute();

  await db.schema
    .createTable('exam_paper_units')
    .addColumn('paper_id', 'integer', (c) => c.notNull().references('exam_papers.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addPrimaryKeyConstraint('exam_paper_units_pk', ['paper_id', 'unit_id'])
    .execute();

  await withId(db, db.schema.createTable('exam_attempts'))
    .addColumn('paper_id', 'integer', (c) => c.notNull().references('exam_papers.id'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('attempt_no', 'integer', (c) => c.notNull())
    // 1 while in progress, NULL after: unique with (paper, member) so a second concurrent attempt cannot exist.
    .addColumn('open_slot', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('deadline_at', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('submitted_how', 'text')
    .addColumn('score', 'double precision')
    .addColumn('max_score', 'double precision', (c) => c.notNull())
    .addColumn('pending_items', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('exam_attempts_open').on('exam_attempts').columns(['paper_id', 'member_id', 'open_slot']).unique().execute();
  await db.schema.createIndex('exam_attempts_no').on('exam_attempts').columns(['paper_id', 'member_id', 'attempt_no']).unique().execute();
  await db.schema.createIndex('exam_attempts_status').on('exam_attempts').columns(['status', 'deadline_at']).execute();

  await withId(db, db.schema.createTable('exam_attempt_items'))
    .addColumn('attempt_id', 'integer', (c) => c.notNull().references('exam_attempts.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('section_id', 'integer')
    .addColumn('question_id', 'integer', (c) => c.notNull().references('exam_questions.id'))
    .addColumn('version_id', 'integer', (c) => c.notNull().references('exam_question_versions.id'))
    .addColumn('points', 'double precision', (c) => c.notNull())
    .addColumn('option_order', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('response', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('saved_at', 'text')
    .addColumn('score', 'double precision')
    .addColumn('needs_grading', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('grader_comment', 'text')
    .addColumn('graded_by', 'integer')
    .addColumn('graded_at', 'text')
    .execute();
  await db.schema.createIndex('exam_attempt_items_pos').on('exam_attempt_items').columns(['attempt_id', 'position']).unique().execute();
  await db.schema.createIndex('exam_attempt_items_version').on('exam_attempt_items').column('version_id').execute();
  await db.schema.createIndex('exam_attempt_items_grading').on('exam_attempt_items').columns(['needs_grading', 'attempt_id']).execute();

  await withId(db, db.schema.createTable('exam_practice_items'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('question_id', 'integer', (c) => c.notNull().references('exam_questions.id'))
    .addColumn('version_id', 'integer', (c) => c.notNull().references('exam_question_versions.id'))
    .addColumn('option_order', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('response', 'text')
    .addColumn('correct', 'integer')
    .addColumn('answered_at', 'text')
    .execute();
  await db.schema.createIndex('exam_practice_items_day').on('exam_practice_items').columns(['member_id', 'day', 'position']).unique().execute();
  await db.schema.createIndex('exam_practice_items_q').on('exam_practice_items').columns(['member_id', 'question_id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversible; restore a backup instead');
}
