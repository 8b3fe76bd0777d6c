import { authOf, type Module } from '../../platform/http';
import { todayLocal } from '../../platform/time';
import { sendXlsx } from '../../platform/xlsx';
import { AccountsPolicy } from './policy';
import { BulkBody, BulkResult, PendingDto, PendingQuery, SlipsBody } from './schemas';
import { bulkCreate, pending, slips } from './service';

const tags = ['accounts'];

const routes: Module = async (app, { svc }) => {
  app.get(
    '/accounts/pending',
    { config: { policy: AccountsPolicy.pending }, schema: { tags, summary: '未开通账号的在职干部（系统管理员）', querystring: PendingQuery, response: { 200: PendingDto } } },
    async (req) => pending(svc, authOf(req), req.query.unitId),
  );

  app.post(
    '/accounts/bulk',
    {
      config: { policy: AccountsPolicy.bulkCreate },
      schema: { tags, summary: '批量开通干部账号：用户名按规则生成，初始密码随机、只显示这一次，首次登录须修改', body: BulkBody, response: { 200: BulkResult } },
    },
    async (req) => bulkCreate(svc, authOf(req), req.body, req),
  );

  app.post(
    '/accounts/slips',
    { config: { policy: AccountsPolicy.slips }, schema: { tags, summary: '初始密码凭条（PDF，可裁开）或名单（.xlsx）；已修改过密码的账号拒绝', body: SlipsBody } },
    async (req, reply) => {
      const { buf } = await slips(svc, authOf(req), req.body, req);
      if (req.body.format === 'xlsx') return sendXlsx(reply, `账号开通名单-${todayLocal()}.xlsx`, buf);
      return reply
        .header('content-type', 'application/pdf')
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="slips.pdf"; filename*=UTF-8''${encodeURIComponent(`账号开通凭条-${todayLocal()}.pdf`)}`)
        .send(buf);
    },
  );
};

export default routes;
