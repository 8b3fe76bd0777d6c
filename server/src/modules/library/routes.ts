import { Type } from 'typebox';
import { forbidden, notFound } from '../../platform/errors';
import { authOf, type Module } from '../../platform/http';
import { todayLocal } from '../../platform/time';
import { readableMember } from '../org/service';
import { borrow, cancelHold, copyByBarcode, COPY_STATUS, giveBack, loanRules, placeHold, renew } from './circulation';

const tags = ['library'];
const Barcode = Type.Object({ barcode: Type.String({ minLength: 1, maxLength: 40 }) });
const IdParams = Type.Object({ id: Type.Integer() });
const Ok = Type.Object({ ok: Type.Boolean() });

const LoanDto = Type.Object({
  id: Type.Integer(),
  barcode: Type.String(),
  title: Type.String(),
  bookId: Type.Integer(),
  loanedAt: Type.String(),
  dueOn: Type.String(),
  renewals: Type.Integer(),
  overdue: Type.Boolean(),
  canRenew: Type.Boolean(),
});

const CopyPage = Type.Object({
  barcode: Type.String(),
  title: Type.String(),
  authors: Type.String(),
  bookId: Type.Integer(),
  status: Type.String(),
  statusLabel: Type.String(),
  location: Type.String(),
  shelf: Type.Union([Type.String(), Type.Null()]),
  myLoan: Type.Union([LoanDto, Type.Null()]),
  heldForMe: Type.Boolean(),
  canBorrow: Type.Boolean(),
  canReturn: Type.Boolean(),
  loanDays: Type.Integer(),
});

const routes: Module = async (app, { svc }) => {
  const myLoans = async (memberId: number) => {
    const rules = await loanRules(svc);
    const today = todayLocal();
    const rows = await svc.db
      .selectFrom('loans')
      .innerJoin('copies', 'copies.id', 'loans.copy_id')
      .innerJoin('books', 'books.id', 'copies.book_id')
      .select(['loans.id', 'copies.barcode', 'books.title', 'books.id as book_id', 'loans.loaned_at', 'loans.due_on', 'loans.renewals'])
      .where('loans.member_id', '=', memberId)
      .where('loans.returned_at', 'is', null)
      .orderBy('loans.due_on')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      barcode: r.barcode,
      title: r.title,
      bookId: r.book_id,
      loanedAt: r.loaned_at,
      dueOn: r.due_on,
      renewals: r.renewals,
      overdue: r.due_on < today,
      canRenew: r.renewals < rules.renewals,
    }));
  };

  // The page a copy's QR code opens: what it is, and the one button that fits.
  app.get('/library/copies/:barcode', { schema: { tags, summary: '图书（册）页面：扫码打开', params: Barcode, response: { 200: CopyPage } } }, async (req) => {
    const auth = authOf(req);
    const copy = await copyByBarcode(svc.db, req.params.barcode);
    if (!copy) throw notFound(`没有条码为 ${req.params.barcode} 的图书`);
    const rules = await loanRules(svc);
    const memberId = auth.user.memberId;
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
      canBorrow: Boolean(memberId) && (copy.status === 'available' || heldForMe),
      canReturn: Boolean(myLoan) && rules.selfReturn,
      loanDays: rules.loanDays,
    };
  });

  app.post('/library/copies/:barcode/borrow', { schema: { tags, summary: '借阅（一键）', params: Barcode, response: { 200: Type.Object({ loanId: Type.Integer(), dueOn: Type.String(), again: Type.Boolean() }) } } }, async (req) => {
    const auth = authOf(req);
    if (!auth.user.memberId) throw forbidden('只有干部账号可以借书');
    const r = await borrow(svc, auth, auth.user.memberId, req.params.barcode, 'self');
    return { loanId: r.loan.id, dueOn: r.loan.due_on, again: r.again };
  });

  app.post('/library/copies/:barcode/return', { schema: { tags, summary: '归还（本人）', params: Barcode, response: { 200: Ok } } }, async (req) => {
    await giveBack(svc, authOf(req), req.params.barcode, 'self');
    return { ok: true };
  });

  app.post('/library/loans/:id/renew', { schema: { tags, summary: '续借', params: IdParams, response: { 200: Type.Object({ dueOn: Type.String() }) } } }, async (req) =>
    renew(svc, authOf(req), req.params.id),
  );

  app.get('/library/my-loans', { schema: { tags, summary: '我的借阅', response: { 200: Type.Array(LoanDto) } } }, async (req) => {
    const auth = authOf(req);
    return auth.user.memberId ? myLoans(auth.user.memberId) : [];
  });

  app.post('/library/books/:id/holds', { schema: { tags, summary: '预约', params: IdParams, response: { 200: Type.Object({ id: Type.Integer() }) } } }, async (req) => ({
    id: await placeHold(svc, authOf(req), req.params.id),
  }));

  app.delete('/library/holds/:id', { schema: { tags, summary: '取消预约', params: IdParams, response: { 200: Ok } } }, async (req) => {
    await cancelHold(svc, authOf(req), req.params.id);
    return { ok: true };
  });

  // The desk: the clerk scans a member, then copies, for loans and returns.
  app.post(
    '/library/desk/checkout',
    { schema: { tags, summary: '服务台借出', body: Type.Object({ memberId: Type.Integer(), barcode: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }), response: { 200: Type.Object({ loanId: Type.Integer(), dueOn: Type.String(), title: Type.String() }) } } },
    async (req) => {
      const auth = authOf(req);
      auth.require('clerk');
      await readableMember(svc, auth, req.body.memberId);
      const copy0 = await copyByBarcode(svc.db, req.body.barcode);
      if (copy0) auth.requireReach(copy0.unit_path, ['clerk'], '这本书不属于您管理的阅览室或图书角');
      const r = await borrow(svc, auth, req.body.memberId, req.body.barcode, 'desk');
      const copy = await copyByBarcode(svc.db, req.body.barcode);
      return { loanId: r.loan.id, dueOn: r.loan.due_on, title: copy?.title ?? '' };
    },
  );

  app.post(
    '/library/desk/checkin',
    { schema: { tags, summary: '服务台归还', body: Type.Object({ barcode: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }), response: { 200: Type.Object({ title: Type.String(), heldFor: Type.Union([Type.Integer(), Type.Null()]) }) } } },
    async (req) => {
      const auth = authOf(req);
      auth.require('clerk');
      const copy0 = await copyByBarcode(svc.db, req.body.barcode);
      if (copy0) auth.requireReach(copy0.unit_path, ['clerk'], '这本书不属于您管理的阅览室或图书角');
      const r = await giveBack(svc, auth, req.body.barcode, 'desk');
      const copy = await copyByBarcode(svc.db, req.body.barcode);
      return { title: copy?.title ?? '', heldFor: r.heldFor };
    },
  );
};

export default routes;
