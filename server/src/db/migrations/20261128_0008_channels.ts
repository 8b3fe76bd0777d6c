import type { Kysely } from 'kysely';
import { withId } from './helpers';

// Outgoing notification channels (a WeCom or DingTalk group robot, SMTP
// e-mail) and the outbox of deliveries through them.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('members').addColumn('email', 'text').execute();

  await withId(db, db.schema.createTable('notification_channels'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // Reminders about members inside this unit's subtree go through the channel.
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    // JSON: webhook url and signing secret, or SMTP host, port, user, password, sender.
    .addColumn('config', 'text', (c) => c.notNull())
    // JSON array of notification kinds sent through it; ["*"] for all.
    .addColumn('events', 'text', (c) => c.notNull().defaultTo('["*"]'))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  // The outbox. (channel_id, dedupe_key) is unique, so a reminder enqueued by
  // two app nodes is stored once; a node sends a row only after claiming it
  // with a conditional update, so it is sent once.
  await withId(db, db.schema.createTable('notification_deliveries'))
    .addColumn('channel_id', 'integer', (c) => c.notNull().references('notification_channels.id'))
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // JSON: extra data for the channel (phones to @mention, link).
    .addColumn('extra', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('notification_deliveries_channel_key', ['channel_id', 'dedupe_key'])
    .execute();
  await db.schema.createIndex('notification_deliveries_due').on('notification_deliveries').columns(['status', 'next_attempt_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversible; restore a backup instead');
}
