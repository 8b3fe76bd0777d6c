import { Type } from 'typebox';
import type { DB } from '../../../db';
import type { AuthContext } from '../../../platform/auth/context';
import { badRequest, forbidden, notFound } from '../../../platform/errors';
import { nowIso } from '../../../platform/time';
import { CATEGORIES } from '../catalog/clc';
import { authOf, type Module } from '../../../platform/http';
import { todayLocal } from '../../../platform/time';
import { readableMember } from '../../org/service';
import { borrow, cancelHold, copyByBarcode, COPY_STATUS, forgetCirculationRules, giveBack, holdRefusal, loanRules, placeHold, renew, roomRule } from './service';
import { BorrowDto, CopyPageDto, DeskCheckinDto, DeskCheckoutDto, HoldDto, IdDto, LoanDto, Ok, RenewDto, RuleDto } from '../schemas';
import { LibraryPolicy } from '../policy';

const tags = ['library'];
const Barcode = Type.Object({ barcode: Type.String({ minLength: 1, maxLength: 40 }) });
const IdParams = Type.Object({ id: Type.Integer() });
const routes: Module = async (app, { svc }) => {
  const myLoans = async (memberId: number) => {
    const today = todayLocal();
    const member = await svc.db.selectFrom('members').select('category').where('id', '=', memberId).executeTakeFirst();
    const rows = await svc.db
      .selectFrom('loans')
      .innerJoin('copies', 'copies.id', 'loans.copy_id')
      .innerJoin('books', 'books.id', 'copies.book_id')
      .innerJoin('locations', 'locations.id', 'copies.location_id')
      .innerJoin('units', 'units.id', 'locations.unit_id')
      .select(['loans.id', 'copies.barcode', 'books.title', 'books.id as book_id', 'books.category', 'units.path as room_path', 'loans.loaned_at', 'loans.due_on', 'loans.renewals'])
      .where('loans.member_id', '=', memberId)
      .where('loans.returned_at', 'is', null)
      // In the order borrowed, not by due date: a renewal moves a due date, and the list
      // must not re-sort under the finger between two taps on 续借 (issue 11 item 7).
      .orderBy('loans.loaned_at')
      .orderBy('loans.id')
      .execute();
    // Renewals allowed by the rules of each loan's room (its town may keep its own), per category.
    const renewalsByCategory = new Map<string, number>();
    for (const key of new Set(rows.map((r) => `${r.room_path}|${r.category}`))) {
      const [roomPath, c] = key.split('|');
      renewalsByCategory.set(key, (await loanRules(svc, { bookCategory: c, memberCategory: member?.category, roomPath })).renewals);
    }
    return rows.map((r) => ({
      id: r.id,
      barcode: r.barcode,
      title: r.title,
      bookId: r.book_id,
      loanedAt: r.loaned_at,
      dueOn: r.due_on,
      renewals: r.renewals,
      overdue: r.due_on < today,
      canRenew: r.renewals < (renewalsByCategory.get(`${r.room_path}|${r.category}`) ?? 0),
    }));
  };

  // The page a copy's QR code opens: what it is, and the one button that fits.
  app.get('/library/copies/:barcode', { config: { policy: LibraryPolicy.viewCatalog }, schema: { tags, summary: '图书（册）页面：扫码打开', params: Barcode, response: { 200: CopyPageDto } } }, async (req) => {
    const auth = authOf(req);
    const copy = await copyByBarcode(svc.db, req.params.barcode);
    if (!copy) throw notFound(`没有条码为 ${req.params.barcode} 的图书`);
    const memberId = auth.user.memberId;
    const me = memberId
      ? await svc.db.selectFrom('members').innerJoin('units', 'units.id', 'members.unit_id').select(['members.category', 'units.path']).where('members.id', '=', memberId).executeTakeFirst()
      : undefined;
    const inMyRooms = Boolean(me && (await roomRule(svc))(me.path, copy.unit_path));
    const rules = await loanRules(svc, { bookCategory: copy.category, memberCategory: me?.category, roomPath: copy.unit_path, memberPath: me?.path });
    const loans = memberId ? await myLoans(memberId) : [];
    const myLoan = loans.find((l) => l.barcode === copy.barcode) ?? null;
    const heldForMe = Boolean(
      memberId &&
        (await svc.db.selectFrom('holds').select('id').where('copy_id', '=', copy.id).where('status', '=', 'ready').where('member_id', '=', memberId).executeTakeFirst()),
    );
    return {
      barcode: copy.barcode,
      title: copy.title,
      authors: copy.authors,
      bookId: copy.book_id,
      status: copy.status,
      statusLabel: COPY_STATUS[copy.status as keyof typeof COPY_STATUS] ?? copy.status,
      location: copy.location_name,
      shelf: copy.shelf,
      myLoan,
      heldForMe,
      canBorrow: inMyRooms && (copy.status === 'available' || heldForMe),
      canReturn: Boolean(myLoan) && rules.selfReturn,
      // 预约 is offered only where placing the hold would be accepted (not on a book the member has out).
      canHold: !myLoan && !heldForMe && memberId ? (await holdRefusal(svc, memberId, copy.book_id).catch(() => 'no')) === null : false,
      loanDays: rules.loanDays,
    };
  });

  const Opt = (max: number) => Type.Union([Type.Integer({ minimum: 0, maximum: max }), Type.Null()]);
  app.get('/library/circulation-rules', { config: { policy: LibraryPolicy.viewCatalog }, schema: { tags, summary: '适用于本人单位的流通规则（按图书类别 × 人员类别覆盖借阅设置）：全区的，与本镇/本单位自己的，近的在前', response: { 200: Type.Array(RuleDto) } } }, async (req) => {
    const auth = authOf(req);
    // Where the viewer stands: the units of their clerk grants, else their own unit.
    const here = auth.grants(['clerk']).map((g) => g.unitPath);
    if (!here.length && auth.user.memberId) {
      const m = await svc.db.selectFrom('members as m').innerJoin('units as u', 'u.id', 'm.unit_id').select('u.path').where('m.id', '=', auth.user.memberId).executeTakeFirst();
      if (m) here.push(m.path);
    }
    const rows = (
      await svc.db
        .selectFrom('circulation_rules as r')
        .leftJoin('units as u', 'u.id', 'r.unit_id')
        .select(['r.id', 'r.unit_id', 'r.unit_path', 'u.name as unit_name', 'r.book_category', 'r.member_category', 'r.loan_days', 'r.renewals', 'r.renew_days', 'r.max_loans'])
        .orderBy('r.id')
        .execute()
    )
      .filter((r) => r.unit_path === '' || here.some((p) => p.startsWith(r.unit_path)))
      .sort((a, b) => b.unit_path.length - a.unit_path.length);
    // Which of them the viewer may change or delete (as ruleScope decides on a write).
    const grants = auth.grants(['clerk']);
    const wholeTree = (await svc.settings.wholeTreePaths(grants.map((g) => g.unitPath))).length > 0;
    const own = (unitPath: string) => (unitPath === '' ? wholeTree : grants.some((g) => unitPath.startsWith(g.unitPath)));
    return rows.map((r) => ({
      id: r.id,
      unitId: r.unit_id,
      unitName: r.unit_name ?? null,
      bookCategory: r.book_category,
      memberCategory: r.member_category,
      loanDays: r.loan_days,
      renewals: r.renewals,
      renewDays: r.renew_days,
      maxLoans: r.max_loans,
      inherited: !own(r.unit_path),
    }));
  });
  app.put(
    '/library/circulation-rules',
    { config: { policy: LibraryPolicy.setRules },
      schema: {
        tags,
        summary: '设置一条流通规则（同一范围、同一组合再次设置即覆盖；各项留空则沿用上一级）',
        body: Type.Object(
          {
            bookCategory: Type.Union([Type.String({ maxLength: 10 }), Type.Null()]),
            memberCategory: Type.Union([Type.Literal('leader'), Type.Literal('party'), Type.Literal('staff'), Type.Null()]),
            loanDays: Opt(365),
            renewals: Opt(10),
            renewDays: Opt(365),
            maxLoans: Opt(100),
            /** The unit (a town) whose rule it is; omitted: the editor's own (the district's for the district clerk). */
            unitId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 200: Ok },
      },
    },
    async (req) => {
      const auth = authOf(req);
      const b = req.body;
      if (b.bookCategory && !(CATEGORIES as readonly string[]).includes(b.bookCategory)) throw badRequest(`图书类别应为：${CATEGORIES.join('、')}`);
      if (b.loanDays === 0 || b.renewDays === 0 || b.maxLoans === 0) throw badRequest('借期、续借天数和借阅上限不能为 0');
      await svc.db.transaction().execute(async (trx) => {
        const scope = await ruleScope(trx, auth, b.unitId ?? null);
        const values = { loan_days: b.loanDays, renewals: b.renewals, renew_days: b.renewDays, max_loans: b.maxLoans, updated_at: nowIso(), updated_by: auth.userId };
        const existing = await trx
          .selectFrom('circulation_rules')
          .select('id')
          .where('unit_path', '=', scope?.unitPath ?? '')
          .where((eb) => (b.bookCategory ? eb('book_category', '=', b.bookCategory) : eb('book_category', 'is', null)))
          .where((eb) => (b.memberCategory ? eb('member_category', '=', b.memberCategory) : eb('member_category', 'is', null)))
          .executeTakeFirst();
        let id = existing?.id;
        if (existing) await trx.updateTable('circulation_rules').set(values).where('id', '=', existing.id).execute();
        else
          id = (
            await trx
              .insertInto('circulation_rules')
              .values({ ...values, unit_id: scope?.unitId ?? null, unit_path: scope?.unitPath ?? '', book_category: b.bookCategory, member_category: b.memberCategory })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id;
        const { unitId: _unit, ...rule } = b;
        await svc.audit.record(trx, auth.actor(), { action: 'circulation-rule.set', entity: 'circulation_rule', entityId: id ?? null, detail: { ...rule, scope: scopeDetail(scope) } });
      });
      forgetCirculationRules(svc);
      return { ok: true };
    },
  );
  app.delete('/library/circulation-rules/:id', { config: { policy: LibraryPolicy.setRules }, schema: { tags, summary: '删除流通规则（本人管理范围内的）', params: IdParams, response: { 200: Ok } } }, async (req) => {
    const auth = authOf(req);
    await svc.db.transaction().execute(async (trx) => {
      const rule = await trx.selectFrom('circulation_rules').select(['id', 'unit_id']).where('id', '=', req.params.id).executeTakeFirst();
      if (!rule) throw notFound('找不到该规则');
      const scope = await ruleScope(trx, auth, rule.unit_id, '删除');
      await trx.deleteFrom('circulation_rules').where('id', '=', rule.id).execute();
      await svc.audit.record(trx, auth.actor(), { action: 'circulation-rule.delete', entity: 'circulation_rule', entityId: rule.id, detail: { scope: scopeDetail(scope) } });
    });
    forgetCirculationRules(svc);
    return { ok: true };
  });

  /**
   * Where a clerk's circulation rule applies (issue 12 item 7): the district's (null) only for a
   * clerk whose grant covers the whole tree; a unit's own only within the clerk's reach. With no
   * unit named, a town clerk's rule is their own town's.
   */
  async function ruleScope(trx: DB, auth: AuthContext, unitId: number | null, verb = '设置'): Promise<{ unitId: number; unitName: string; unitPath: string } | null> {
    const grants = auth.grants(['clerk']);
    const wholeTree = (await svc.settings.wholeTreePaths(grants.map((g) => g.unitPath), trx)).length > 0;
    if (unitId === null) {
      if (wholeTree) return null;
      // A rule being deleted that names no unit is the district's.
      if (verb === '删除') throw forbidden('全区的流通规则只能由区级党建办删除');
      const own = [...new Map(grants.map((g) => [g.unitId, g])).values()];
      if (own.length !== 1) throw badRequest('请选择这条规则适用的单位');
      return { unitId: own[0]!.unitId, unitName: own[0]!.unitName, unitPath: own[0]!.unitPath };
    }
    const unit = await trx.selectFrom('units').select(['id', 'name', 'path']).where('id', '=', unitId).executeTakeFirst();
    if (!unit) throw badRequest('找不到所选的单位');
    if (!grants.some((g) => unit.path.startsWith(g.unitPath))) throw forbidden(`“${unit.name}”不在您的管理范围内，不能${verb}它的流通规则`);
    return unit.path.split('/').filter(Boolean).length > 1 ? { unitId: unit.id, unitName: unit.name, unitPath: unit.path } : null;
  }
  const scopeDetail = (scope: { unitId: number; unitName: string } | null) => (scope ? { unitId: scope.unitId, unit: scope.unitName } : { unitId: null, unit: '全区' });

  app.post('/library/copies/:barcode/borrow', { config: { policy: LibraryPolicy.borrow }, schema: { tags, summary: '借阅（一键）', params: Barcode, response: { 200: BorrowDto } } }, async (req) => {
    const auth = authOf(req);
    if (!auth.user.memberId) throw forbidden('只有干部账号可以借书');
    const r = await borrow(svc, auth, auth.user.memberId, req.params.barcode, 'self');
    return { loanId: r.loan.id, dueOn: r.loan.due_on, again: r.again };
  });

  app.post('/library/copies/:barcode/return', { config: { policy: LibraryPolicy.returnOwn }, schema: { tags, summary: '归还（本人）', params: Barcode, response: { 200: Ok } } }, async (req) => {
    await giveBack(svc, authOf(req), req.params.barcode, 'self');
    return { ok: true };
  });

  app.post('/library/loans/:id/renew', { config: { policy: LibraryPolicy.renew }, schema: { tags, summary: '续借', params: IdParams, response: { 200: RenewDto } } }, async (req) =>
    renew(svc, authOf(req), req.params.id),
  );

  app.get('/library/my-loans', { config: { policy: LibraryPolicy.myLoans }, schema: { tags, summary: '我的借阅', response: { 200: Type.Array(LoanDto) } } }, async (req) => {
    const auth = authOf(req);
    return auth.user.memberId ? myLoans(auth.user.memberId) : [];
  });

  app.post('/library/books/:id/holds', { config: { policy: LibraryPolicy.hold }, schema: { tags, summary: '预约', params: IdParams, response: { 200: IdDto } } }, async (req) => ({
    id: await placeHold(svc, authOf(req), req.params.id),
  }));

  // The member's own holds: waiting in a queue, or kept for them to pick up.
  app.get('/library/my-holds', { config: { policy: LibraryPolicy.myLoans }, schema: { tags, summary: '我的预约（排队位置、保留截止日期）', response: { 200: Type.Array(HoldDto) } } }, async (req) => {
    const memberId = authOf(req).user.memberId;
    if (!memberId) return [];
    const mine = await svc.db
      .selectFrom('holds')
      .innerJoin('books', 'books.id', 'holds.book_id')
      .leftJoin('copies', 'copies.id', 'holds.copy_id')
      .leftJoin('locations', 'locations.id', 'copies.location_id')
      .select(['holds.id', 'holds.book_id', 'holds.status', 'holds.placed_at', 'holds.expires_on', 'books.title', 'books.authors', 'copies.barcode', 'locations.name as location'])
      .where('holds.member_id', '=', memberId)
      .where('holds.status', 'in', ['waiting', 'ready'])
      .orderBy('holds.placed_at')
      .orderBy('holds.id')
      .execute();
    if (mine.length === 0) return [];
    // The queue of each title, in the order the circulation serves it (as on the book page).
    const queues = await svc.db
      .selectFrom('holds')
      .select(['id', 'book_id'])
      .where('book_id', 'in', [...new Set(mine.map((h) => h.book_id))])
      .where('status', 'in', ['waiting', 'ready'])
      .orderBy('placed_at')
      .orderBy('id')
      .execute();
    return mine.map((h) => ({
      id: h.id,
      bookId: h.book_id,
      title: h.title,
      authors: h.authors,
      status: h.status === 'ready' ? ('ready' as const) : ('waiting' as const),
      position: h.status === 'ready' ? 1 : queues.filter((q) => q.book_id === h.book_id).findIndex((q) => q.id === h.id) + 1,
      placedAt: h.placed_at,
      expiresOn: h.status === 'ready' ? h.expires_on : null,
      barcode: h.status === 'ready' ? (h.barcode ?? null) : null,
      location: h.status === 'ready' ? (h.location ?? null) : null,
    }));
  });

  app.delete('/library/holds/:id', { config: { policy: LibraryPolicy.cancelHold }, schema: { tags, summary: '取消预约', params: IdParams, response: { 200: Ok } } }, async (req) => {
    await cancelHold(svc, authOf(req), req.params.id);
    return { ok: true };
  });

  // The desk: the clerk scans a member, then copies, for loans and returns.
  app.post(
    '/library/desk/checkout',
    { config: { policy: LibraryPolicy.desk }, schema: { tags, summary: '服务台借出', body: Type.Object({ memberId: Type.Integer(), barcode: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }), response: { 200: DeskCheckoutDto } } },
    async (req) => {
      const auth = authOf(req);
      await readableMember(svc, auth, req.body.memberId);
      const copy0 = await copyByBarcode(svc.db, req.body.barcode);
      if (copy0) await svc.guard.authorize(auth, LibraryPolicy.desk, { unitPath: copy0.unit_path }, '这本书不属于您管理的阅览室或图书角');
      const r = await borrow(svc, auth, req.body.memberId, req.body.barcode, 'desk');
      const copy = await copyByBarcode(svc.db, req.body.barcode);
      return { loanId: r.loan.id, dueOn: r.loan.due_on, title: copy?.title ?? '' };
    },
  );

  app.post(
    '/library/desk/checkin',
    { config: { policy: LibraryPolicy.desk }, schema: { tags, summary: '服务台归还', body: Type.Object({ barcode: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }), response: { 200: DeskCheckinDto } } },
    async (req) => {
      const auth = authOf(req);
      const copy0 = await copyByBarcode(svc.db, req.body.barcode);
      if (copy0) await svc.guard.authorize(auth, LibraryPolicy.desk, { unitPath: copy0.unit_path }, '这本书不属于您管理的阅览室或图书角');
      const r = await giveBack(svc, auth, req.body.barcode, 'desk');
      const copy = await copyByBarcode(svc.db, req.body.barcode);
      const who = await svc.db
        .selectFrom('members')
        .innerJoin('units', 'units.id', 'members.unit_id')
        .select(['members.name', 'units.name as unit_name'])
        .where('members.id', '=', r.memberId)
        .executeTakeFirst();
      return { title: copy?.title ?? '', heldFor: r.heldFor, memberName: who?.name ?? null, unitName: who?.unit_name ?? null };
    },
  );
};

export default routes;
