// One world for the access matrix and the route fuzzer: the demo town X镇 (every kind of
// record, made by the demo's seeds from the shared factories, copied from the run's seeded town: demo.ts), a second town Y镇, and an
// empty office in X镇. Signed-in observers stand in each place, so every record of the
// demo is another member's, in another unit, and (for Y镇) in another town.
import { DEMO_SCREEN_TOKENS } from '../src/demo/display';
import { makeMember, makeUnit, makeUser } from '../src/demo/factories';
import { AuthContext } from '../src/platform/auth/context';
import { hashPassword } from '../src/platform/auth/password';
import { SESSION_COOKIE } from '../src/platform/auth/sessions';
import type { Role } from '../src/platform/roles';
import { todayLocal } from '../src/platform/time';
import { signedIn, type Client, type TestApp } from './helper';
import { PASSWORD } from './world';

export interface Observer {
  username: string;
  /** Where the observer stands relative to the demo's records. */
  place: 'other-unit' | 'other-town' | 'district';
  client: Client;
  auth: AuthContext;
}

/** The table a path parameter names, by the path segment before it (or the whole prefix). */
const TABLE_BY_PREFIX: [RegExp, string][] = [
  [/\/study\/plan\/items\/:id/, 'reading_plan_items'],
  [/\/study\/logs\/:id/, 'study_logs'],
  [/\/sessions\/leave-requests\/:id/, 'leave_requests'],
  [/\/reflections\/references\/:id/, 'reference_texts'],
  [/\/reflections\/reports\/:id\/items\/:itemId/, 'upward_report_items'],
  [/\/reflections\/reports\/:id/, 'upward_reports'],
  [/\/reflections\/:id\/comments\/:commentId/, 'reflection_comments'],
  [/\/exams\/attempts\/:id\/items\/:itemId/, 'exam_attempt_items'],
  [/\/exams\/grading\/:itemId/, 'exam_attempt_items'],
  [/\/learning\/files\/:id/, 'files'],
  [/\/assessment\/photos\/:id/, 'assessment_files'],
  [/\/assessment\/public\/draws\/:id/, 'inspections'],
  [/\/channels\/:id\/deliveries\/:deliveryId/, 'notification_deliveries'],
  [/\/announcements\/:id\/images\/:imageId/, 'announcement_images'],
  [/\/screen\/:token\/images\/:imageId/, 'announcement_images'],
  [/\/public\/:unitId\/images\/:imageId/, 'announcement_images'],
  [/\/archive\/builds\/:id/, 'archive_builds'],
  [/\/scorecard\/honors\/:listId/, 'honor_lists'],
  [/\/archive\/creations\/:entity\/:id/, 'reflections'],
  [/^\/api\/s\/:id/, 'study_sessions'],
];
const TABLE_BY_SEGMENT: Record<string, string> = {
  units: 'units',
  members: 'members',
  users: 'users',
  'circulation-rules': 'circulation_rules',
  loans: 'loans',
  holds: 'holds',
  books: 'books',
  stocktakes: 'stocktakes',
  notifications: 'notifications',
  sessions: 'study_sessions',
  'study-plans': 'study_plans',
  channels: 'notification_channels',
  reflections: 'reflections',
  notes: 'notes',
  online: 'online_learning',
  practice: 'practice_activities',
  questions: 'exam_questions',
  papers: 'exam_papers',
  attempts: 'exam_attempts',
  seminars: 'seminars',
  speakers: 'seminar_speakers',
  'seminar-files': 'seminar_files',
  lectures: 'lectures',
  inspections: 'inspections',
  rectifications: 'rectifications',
  certificates: 'certificates',
  screens: 'display_screens',
  quotes: 'display_quotes',
  announcements: 'announcements',
  creations: 'reflections',
};
/** Body and query fields that name a record, by field name. */
const TABLE_BY_FIELD: Record<string, string> = {
  unitId: 'units',
  parentId: 'units',
  scopeUnitId: 'units',
  targetUnitId: 'units',
  memberId: 'members',
  ownerMemberId: 'members',
  speakerMemberId: 'members',
  userId: 'users',
  chairUserId: 'users',
  leadUserId: 'users',
  teamUserId: 'users',
  locationId: 'locations',
  planId: 'study_plans',
  planItemId: 'reading_plan_items',
  reflectionId: 'reflections',
  questionId: 'exam_questions',
  paperId: 'exam_papers',
  categoryId: 'exam_categories',
  inspectionId: 'inspections',
  findingId: 'inspection_findings',
  speakerId: 'seminar_speakers',
  fileId: 'files',
  photoFileId: 'assessment_files',
  evidenceFileId: 'assessment_files',
};

export function tableOf(url: string, param: string): string | undefined {
  for (const [re, table] of TABLE_BY_PREFIX) {
    const m = re.exec(url);
    // The last parameter of the pattern is the one it names.
    if (m && m[0].endsWith(`:${param}`)) return table;
  }
  const parts = url.split('/');
  const i = parts.indexOf(`:${param}`);
  return i > 0 ? TABLE_BY_SEGMENT[parts[i - 1]] : undefined;
}

export type ForeignWorld = Awaited<ReturnType<typeof makeForeignWorld>>;

/** `t` holds the demo town already (createDemoTestApp, server/test/demo.ts). */
export async function makeForeignWorld(t: TestApp, roles: Role[]) {
  const db = t.db;
  const town = await db.selectFrom('units').select(['id', 'path', 'parent_id']).where('name', '=', 'X镇').executeTakeFirstOrThrow();
  const district = await db.selectFrom('units').select(['id', 'path']).where('id', '=', town.parent_id!).executeTakeFirstOrThrow();
  const office = await makeUnit(db, { name: '观察办', kind: 'office', parentId: town.id });
  const townY = await makeUnit(db, { name: 'Y镇', kind: 'town', parentId: district.id });
  const officeY = await makeUnit(db, { name: 'Y镇党政办', kind: 'office', parentId: townY.id });

  const specs: { username: string; place: Observer['place']; roles: { role: Role; unitId: number }[] }[] = [];
  for (const role of roles) {
    if (role === 'sysadmin' || role === 'secadmin' || role === 'auditadmin') {
      specs.push({ username: `d_${role}`, place: 'district', roles: [{ role, unitId: district.id }] });
      continue;
    }
    // In X镇, in an office of its own: the demo's records are other members' and other units'.
    specs.push({ username: `x_${role}`, place: 'other-unit', roles: [{ role, unitId: office.id }] });
    // In Y镇: the demo's records are another town's.
    specs.push({ username: `y_${role}`, place: 'other-town', roles: [{ role, unitId: role === 'member' ? officeY.id : townY.id }] });
  }
  const observers: Observer[] = [];
  for (const s of specs) {
    const unitId = s.roles[0].unitId;
    const m = await makeMember(db, { name: `观察${s.username}`, unitId: s.place === 'district' ? office.id : unitId });
    await makeUser(db, { username: s.username, password: PASSWORD, memberId: s.place === 'district' ? null : m.id, roles: s.roles });
    const client = await signedIn(t.app, s.username);
    observers.push({ username: s.username, place: s.place, client, auth: await authOf(t, client) });
  }

  // The demo's records: one id per table (its first), and the demo town's other values.
  // Read now, before any test writes: a table the demo leaves empty gets an id nobody holds.
  const firstIds = new Map<string, number>();
  for (const table of new Set([...TABLE_BY_PREFIX.map(([, x]) => x), ...Object.values(TABLE_BY_SEGMENT), ...Object.values(TABLE_BY_FIELD)])) {
    const row = await db
      .selectFrom(table as 'units')
      .select('id')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    firstIds.set(table, row?.id ?? 999_999);
  }
  const firstId = (table: string) => firstIds.get(table) ?? 999_999;
  const village = await db.selectFrom('units').select(['id', 'path']).where('kind', '=', 'village').where('path', 'like', `${town.path}%`).orderBy('id').executeTakeFirstOrThrow();
  // Bystanders, not callers: a cadre of a village without an account, and the third inspector's account
  // (a drawn request may reset, lock or disable them without ending a caller's session).
  const otherMember = await db.selectFrom('members').select('id').where('unit_id', '=', village.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
  const otherUser = await db.selectFrom('users').select('id').where('username', '=', 'inspector2').executeTakeFirstOrThrow();
  const copy = await db.selectFrom('copies').select('barcode').orderBy('id').executeTakeFirstOrThrow();
  const setting = await db.selectFrom('settings').select('key').orderBy('key').executeTakeFirst();
  const townPaths = (await db.selectFrom('units').select('path').where('kind', '=', 'town').execute()).map((u) => u.path);
  const year = Number(todayLocal().slice(0, 4));

  /**
   * Whether a path parameter or a field names a record that belongs somewhere (a unit, a member).
   * Books are the district's one catalog: naming a book aims at nobody's record.
   */
  const namesRecord = (url: string, name: string): boolean => {
    const table = tableOf(url, name) ?? TABLE_BY_FIELD[name];
    return name === 'barcode' || (table !== undefined && table !== 'books');
  };

  /** The value of a path parameter, a query or a body field naming one of the demo's records. */
  const value = (url: string, name: string): unknown => {
    const table = tableOf(url, name) ?? TABLE_BY_FIELD[name];
    if (table === 'units') return village.id;
    if (table === 'members') return otherMember.id;
    if (table === 'users') return otherUser.id;
    if (table) return firstId(table);
    switch (name) {
      case 'year':
        return year;
      case 'barcode':
        return copy.barcode;
      case 'token':
        return DEMO_SCREEN_TOKENS.hall;
      case 'key':
        return setting?.key ?? 'x';
      case 'day':
        return todayLocal();
      case 'entity':
        return 'reflection';
      case 'position':
        return 1;
      case 'number':
        return 'X-0001';
      default:
        return undefined;
    }
  };

  return {
    observers,
    townPaths,
    value,
    namesRecord,
    /** What the policy is asked about: a record of the demo (another member, a village of X镇). */
    probe: { unitPath: village.path, memberId: otherMember.id, userId: otherUser.id },
    tableOf,
  };
}

/** Signs an account in again after a drawn request locked, reset or disabled it: its password, unlocked, enabled, no second factor. */
export async function revive(t: TestApp, username: string): Promise<Client> {
  await t.db
    .updateTable('users')
    .set({ password_hash: await hashPassword(PASSWORD), must_change_password: 0, disabled: 0, totp_enabled: 0, totp_secret: null })
    .where('username', '=', username)
    .execute();
  await t.db.deleteFrom('login_throttle').where('username', '=', username).execute();
  return signedIn(t.app, username);
}

export async function authOf(t: TestApp, client: Client): Promise<AuthContext> {
  const loaded = await t.svc.sessions.load(client.cookies[SESSION_COOKIE]);
  if (!loaded.ok) throw new Error('no session');
  return new AuthContext(loaded.session, '127.0.0.1');
}
