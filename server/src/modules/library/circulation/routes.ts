import { Type } from 'typebox';
import { authOf, type Module } from '../../../platform/http';
import { borrowSelf, cancelHold, copyPage, deskCheckin, deskCheckout, giveBack, listRules, myHolds, myLoansOf, placeHold, removeRule, renew, setRule } from './service';
import { BorrowDto, CopyPageDto, DeskCheckinDto, DeskCheckoutDto, HoldDto, IdDto, LoanDto, Ok, RenewDto, RuleDto } from '../schemas';
import { LibraryPolicy } from '../policy';

const tags = ['library'];
const Barcode = Type.Object({ barcode: Type.String({ minLength: 1, maxLength: 40 }) });
const IdParams = Type.Object({ id: Type.Integer() });
const routes: Module = async (app, { svc }) => {
  // The page a copy's QR code opens: what it is, and the one button that fits.
  app.get('/library/copies/:barcode', { config: { policy: LibraryPolicy.viewCatalog }, schema: { tags, summary: '图书（册）页面：扫码打开', params: Barcode, response: { 200: CopyPageDto } } }, async (req) =>
    copyPage(svc, authOf(req), req.params.barcode),
  );

  const Opt = (max: number) => Type.Union([Type.Integer({ minimum: 0, maximum: max }), Type.Null()]);
  app.get('/library/circulation-rules', { config: { policy: LibraryPolicy.viewCatalog }, schema: { tags, summary: '适用于本人单位的流通规则（按图书类别 × 人员类别覆盖借阅设置）：全区的，与本镇/本单位自己的，近的在前', response: { 200: Type.Array(RuleDto) } } }, async (req) =>
    listRules(svc, authOf(req)),
  );
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
      await setRule(svc, authOf(req), req.body);
      return { ok: true };
    },
  );
  app.delete('/library/circulation-rules/:id', { config: { policy: LibraryPolicy.setRules }, schema: { tags, summary: '删除流通规则（本人管理范围内的）', params: IdParams, response: { 200: Ok } } }, async (req) => {
    await removeRule(svc, authOf(req), req.params.id);
    return { ok: true };
  });

  app.post('/library/copies/:barcode/borrow', { config: { policy: LibraryPolicy.borrow }, schema: { tags, summary: '借阅（一键）', params: Barcode, response: { 200: BorrowDto } } }, async (req) =>
    borrowSelf(svc, authOf(req), req.params.barcode),
  );

  app.post('/library/copies/:barcode/return', { config: { policy: LibraryPolicy.returnOwn }, schema: { tags, summary: '归还（本人）', params: Barcode, response: { 200: Ok } } }, async (req) => {
    await giveBack(svc, authOf(req), req.params.barcode, 'self');
    return { ok: true };
  });

  app.post('/library/loans/:id/renew', { config: { policy: LibraryPolicy.renew }, schema: { tags, summary: '续借', params: IdParams, response: { 200: RenewDto } } }, async (req) =>
    renew(svc, authOf(req), req.params.id),
  );

  app.get('/library/my-loans', { config: { policy: LibraryPolicy.myLoans }, schema: { tags, summary: '我的借阅', response: { 200: Type.Array(LoanDto) } } }, async (req) => myLoansOf(svc, authOf(req)));

  app.post('/library/books/:id/holds', { config: { policy: LibraryPolicy.hold }, schema: { tags, summary: '预约', params: IdParams, response: { 200: IdDto } } }, async (req) => ({
    id: await placeHold(svc, authOf(req), req.params.id),
  }));

  // The member's own holds: waiting in a queue, or kept for them to pick up.
  app.get('/library/my-holds', { config: { policy: LibraryPolicy.myLoans }, schema: { tags, summary: '我的预约（排队位置、保留截止日期）', response: { 200: Type.Array(HoldDto) } } }, async (req) => myHolds(svc, authOf(req)));

  app.delete('/library/holds/:id', { config: { policy: LibraryPolicy.cancelHold }, schema: { tags, summary: '取消预约', params: IdParams, response: { 200: Ok } } }, async (req) => {
    await cancelHold(svc, authOf(req), req.params.id);
    return { ok: true };
  });

  // The desk: the clerk scans a member, then copies, for loans and returns.
  app.post(
    '/library/desk/checkout',
    { config: { policy: LibraryPolicy.desk }, schema: { tags, summary: '服务台借出', body: Type.Object({ memberId: Type.Integer(), barcode: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }), response: { 200: DeskCheckoutDto } } },
    async (req) => deskCheckout(svc, authOf(req), req.body.memberId, req.body.barcode),
  );

  app.post(
    '/library/desk/checkin',
    { config: { policy: LibraryPolicy.desk }, schema: { tags, summary: '服务台归还', body: Type.Object({ barcode: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }), response: { 200: DeskCheckinDto } } },
    async (req) => deskCheckin(svc, authOf(req), req.body.barcode),
  );
};

export default routes;
