import type { Kysely } from 'kysely';
import { withId } from './helpers';

// Reflections (读书心得, plan §三.5): the text and its workflow, every step of
// review, the similarity index (LSH bands), the reference corpus the office
// uploads, likes and comments of colleagues, and the reports sent upward.
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('reflections'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    // The member's unit when last submitted (scope and quota), kept if they move later.
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('book_id', 'integer', (c) => c.references('books.id'))
    .addColumn('book_title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('plan_item_id', 'integer', (c) => c.references('reading_plan_items.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('char_count', 'integer', (c) => c.notNull().defaultTo(0))
    // draft | submitted | returned | approved | excellent | reported
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    // 'YYYY-MM' (Asia/Shanghai) of the first submission: the month it counts for.
    .addColumn('month', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('similarity_percent', 'integer')
    .addColumn('similarity_top_id', 'integer')
    // Stored findings: [{kind, id, percent, mine:[{start,end}], theirs:[{start,end}]}]
    .addColumn('similarity_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('flagged', 'integer', (c) => c.notNull().defaultTo(0))
    // Rubric result: [{name, points, max}]
    .addColumn('scores_json', 'text')
    .addColumn('score', 'integer')
    .addColumn('review_comment', 'text')
    .addColumn('passages_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('reviewed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('reviewed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('reflections_member').on('reflections').columns(['member_id', 'status']).execute();
  await db.schema.createIndex('reflections_unit_month').on('reflections').columns(['unit_id', 'month', 'status']).execute();
  await db.schema.createIndex('reflections_status').on('reflections').columns(['status', 'month']).execute();

  // Every step of the workflow: who, when, from → to, the comment and per-passage comments.
  await withId(db, db.schema.createTable('reflection_events'))
    .addColumn('reflection_id', 'integer', (c) => c.notNull().references('reflections.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('actor_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('passages_json', 'text')
    .execute();
  await db.schema.createIndex('reflection_events_reflection').on('reflection_events').columns(['reflection_id', 'id']).execute();

  // 参考文本: texts commonly copied (kind 'copied') and the book's own words (kind 'excerpt').
  await withId(db, db.schema.createTable('reference_texts'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('book_id', 'integer', (c) => c.references('books.id'))
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('chars', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reference_texts_kind_book').on('reference_texts').columns(['kind', 'book_id']).execute();

  // LSH index: one row per text and band; candidates are an indexed lookup on (hash, band).
  // source: 'r' a reflection, 't' a reference text.
  await db.schema
    .createTable('reflection_bands')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('ref_id', 'integer', (c) => c.notNull())
    .addColumn('band', 'integer', (c) => c.notNull())
    .addColumn('hash', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('reflection_bands_pk', ['source', 'ref_id', 'band'])
    .execute();
  // Hash first: the lookup is one IN list on the leading column (an index range per band key on both dialects).
  await db.schema.createIndex('reflection_bands_lookup').on('reflection_bands').columns(['hash', 'band']).execute();

  await withId(db, db.schema.createTable('reflection_likes'))
    .addColumn('reflection_id', 'integer', (c) => c.notNull().references('reflections.id'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('reflection_likes_pair', ['reflection_id', 'member_id'])
    .execute();

  await withId(db, db.schema.createTable('reflection_comments'))
    .addColumn('reflection_id', 'integer', (c) => c.notNull().references('reflections.id'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reflection_comments_reflection').on('reflection_comments').columns(['reflection_id', 'id']).execute();

  // 上报: what went up, when, to whom; the higher level's feedback per item.
  await withId(db, db.schema.createTable('upward_reports'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('reported_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .execute();

  await withId(db, db.schema.createTable('upward_report_items'))
    .addColumn('report_id', 'integer', (c) => c.notNull().references('upward_reports.id'))
    .addColumn('reflection_id', 'integer', (c) => c.notNull().references('reflections.id'))
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    // 待反馈 | 采用 | 未采用
    .addColumn('feedback', 'text', (c) => c.notNull().defaultTo('待反馈'))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('feedback_at', 'text')
    .addColumn('feedback_by', 'integer', (c) => c.references('users.id'))
    .addUniqueConstraint('upward_report_items_pair', ['report_id', 'reflection_id'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversible; restore a backup instead');
}
