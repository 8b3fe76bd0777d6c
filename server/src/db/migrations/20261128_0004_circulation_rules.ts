import type { Kysely } from 'kysely';
import { withId } from './helpers';

export async function up(db: Kysely<any>): Promise<void> {
  // Overrides of the library settings per book category × member category
  // (Koha's circulation matrix, dp2's 读者类型 × 图书类型). A null matches any;
  // a null value inherits. The most specific matching rule wins.
  await withId(db, db.schema.createTable('circulation_rules'))
    .addColumn('book_category', 'text')
    .addColumn('member_category', 'text')
    .addColumn('loan_days', 'integer')
    .addColumn('renewals', 'integer')
    .addColumn('renew_days', 'integer')
    .addColumn('max_loans', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer')
    .addUniqueConstraint('circulation_rules_pair', ['book_category', 'member_category'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversible; restore a backup instead');
}
