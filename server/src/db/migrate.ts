import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as m0001 from './migrations/20261128_0001_foundation';
import * as m0002 from './migrations/20261128_0002_library';
import * as m0003 from './migrations/20261128_0003_stocktake';
import * as m0004 from './migrations/20261128_0004_circulation_rules';
import * as m0005 from './migrations/20261128_0005_notifications';
import * as m0006 from './migrations/20261128_0006_book_search';
import * as m0007 from './migrations/20261128_0007_study';
import * as m0008 from './migrations/20261128_0008_channels';
import * as m0009 from './migrations/20261128_0009_reflections';
import * as m0010 from './migrations/20261128_0010_audit_chains';
import * as m0011 from './migrations/20261201_0011_similarity';
import * as m0013 from './migrations/20261201_0013_study_more';
import * as m0014 from './migrations/20261207_0014_sign_in';
import * as m0030 from './migrations/20261207_0030_seminars';
import * as m0040 from './migrations/20261207_0040_exams';
import * as m0050 from './migrations/20261207_0050_assessment';
import * as m0060 from './migrations/20261207_0060_display';
import * as m0070 from './migrations/20261207_0070_scorecard';
import * as m0071 from './migrations/20261207_0071_scores_more';
import * as m0080 from './migrations/20261207_0080_setting_scopes';
import * as m0081 from './migrations/20261207_0081_circulation_rule_scopes';
import * as m0082 from './migrations/20261207_0082_calendar_scopes';
import * as m0084 from './migrations/20261207_0084_study_unit_months';

// Listed by hand so the bundle-free server and the CLI see the same set in the
// same order. Names are frozen once landed.
const migrations: Record<string, Migration> = {
  '20261128_0001_foundation': m0001,
  '20261128_0002_library': m0002,
  '20261128_0003_stocktake': m0003,
  '20261128_0004_circulation_rules': m0004,
  '20261128_0005_notifications': m0005,
  '20261128_0006_book_search': m0006,
  '20261128_0007_study': m0007,
  '20261128_0008_channels': m0008,
  '20261128_0009_reflections': m0009,
  '20261128_0010_audit_chains': m0010,
  '20261201_0011_similarity': m0011,
  '20261201_0013_study_more': m0013,
  '20261207_0014_sign_in': m0014,
  '20261207_0030_seminars': m0030,
  '20261207_0040_exams': m0040,
  '20261207_0050_assessment': m0050,
  '20261207_0060_display': m0060,
  '20261207_0070_scorecard': m0070,
  '20261207_0071_scores_more': m0071,
  '20261207_0080_setting_scopes': m0080,
  '20261207_0081_circulation_rule_scopes': m0081,
  '20261207_0082_calendar_scopes': m0082,
  '20261207_0084_study_unit_months': m0084,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped handle
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export const migrationNames = Object.keys(migrations);
