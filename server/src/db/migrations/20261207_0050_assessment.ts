import type { Kysely } from 'kysely';
import { withId } from './helpers';

// Quarterly inspections (随机抽查 + 实地督查), their findings and rectifications (整改),
// and the year-end joint acceptance (细则清单, team scoring, sign-off).
export async function up(db: Kysely<any>): Promise<void> {
  // Photos and evidence files of inspections, rectifications and acceptance, kept in the
  // database (base64) so a backup holds them; JPEG metadata is stripped before storing.
  await withId(db, db.schema.createTable('assessment_files'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('data_base64', 'text', (c) => c.notNull())
    .addColumn('attached', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('inspections'))
    .addColumn('scope_unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('quarter', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('unit_count', 'integer', (c) => c.notNull())
    .addColumn('members_per_unit', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('seed', 'text')
    .addColumn('algorithm', 'text')
    .addColumn('candidates', 'text')
    .addColumn('drawn_at', 'text')
    .addColumn('drawn_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('inspections_year').on('inspections').columns(['year', 'quarter']).execute();

  await db.schema
    .createTable('inspection_team')
    .addColumn('inspection_id', 'integer', (c) => c.notNull().references('inspections.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('inspection_team_pk', ['inspection_id', 'user_id'])
    .execute();

  // The draw's result: units in the order drawn, and members drawn within each.
  await withId(db, db.schema.createTable('inspection_units'))
    .addColumn('inspection_id', 'integer', (c) => c.notNull().references('inspections.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('draw_order', 'integer', (c) => c.notNull())
    .addColumn('member_ids', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inspection_units_unique').on('inspection_units').columns(['inspection_id', 'unit_id']).unique().execute();

  await withId(db, db.schema.createTable('inspection_findings'))
    .addColumn('inspection_id', 'integer', (c) => c.notNull().references('inspections.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('max_score', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('photo_file_id', 'integer', (c) => c.references('assessment_files.id'))
    // The phone's id for the finding: sent again after a lost connection, taken once.
    .addColumn('client_id', 'text', (c) => c.notNull().unique())
    .addColumn('observed_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inspection_findings_inspection').on('inspection_findings').columns(['inspection_id', 'unit_id']).execute();

  await withId(db, db.schema.createTable('rectifications'))
    .addColumn('finding_id', 'integer', (c) => c.notNull().unique().references('inspection_findings.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('owner_member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('requirement', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('review_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('submitted_at', 'text')
    .addColumn('accepted_at', 'text')
    .addColumn('accepted_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('rectifications_unit').on('rectifications').columns(['unit_id', 'status']).execute();

  await withId(db, db.schema.createTable('rectification_evidence'))
    .addColumn('rectification_id', 'integer', (c) => c.notNull().references('rectifications.id'))
    .addColumn('file_id', 'integer', (c) => c.notNull().references('assessment_files.id'))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rectification_evidence_rect').on('rectification_evidence').columns(['rectification_id']).execute();

  // 细则清单: one checklist per year (items as rows, edited as a whole by the clerk).
  await withId(db, db.schema.createTable('acceptance_items'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('section', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('max_points', 'integer', (c) => c.notNull())
    .addColumn('guidance', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('acceptance_items_unique').on('acceptance_items').columns(['year', 'item_key']).unique().execute();

  await withId(db, db.schema.createTable('acceptance_teams'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scope_unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('lead_user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('acceptance_team_members')
    .addColumn('team_id', 'integer', (c) => c.notNull().references('acceptance_teams.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('office', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('acceptance_team_members_pk', ['team_id', 'user_id'])
    .execute();

  // One submitted score sheet per team member per unit and year (points in tenths).
  await withId(db, db.schema.createTable('acceptance_scores'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('team_id', 'integer', (c) => c.notNull().references('acceptance_teams.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('total_tenths', 'integer', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('acceptance_scores_unique').on('acceptance_scores').columns(['year', 'unit_id', 'user_id']).unique().execute();

  // The unit's signed result (score and spread in hundredths): locked once the team lead signs off.
  await withId(db, db.schema.createTable('acceptance_results'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('team_id', 'integer', (c) => c.notNull().references('acceptance_teams.id'))
    .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('score_x100', 'integer')
    .addColumn('spread_x100', 'integer')
    .addColumn('grade', 'text')
    .addColumn('method', 'text')
    .addColumn('signed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('signed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('acceptance_results_unique').on('acceptance_results').columns(['year', 'unit_id']).unique().execute();

  await withId(db, db.schema.createTable('acceptance_unlocks'))
    .addColumn('result_id', 'integer', (c) => c.notNull().references('acceptance_results.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversible; restore a backup instead');
}
