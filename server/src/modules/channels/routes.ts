import { Type } from 'typebox';
import { authOf, type Module } from '../../platform/http';
import { ChannelCreateBody, ChannelDto, ChannelMeta, ChannelUpdateBody, DeliveryPage, DeliveryQuery, PreferencesBody, PreferencesDto, TestSendBody, TestSendResult } from './schemas';
import {
  channelMeta,
  createChannel,
  deleteChannel,
  getChannel,
  getPreferences,
  listChannels,
  listDeliveries,
  retryDelivery,
  setPreferences,
  testChannel,
  updateChannel,
} from './service';
import { ChannelPolicy } from './policy';

const IdParams = Type.Object({ id: Type.Integer() });
const Ok = Type.Object({ ok: Type.Boolean() });
const tags = ['channels'];

const routes: Module = async (app, { svc }) => {
  app.get('/channels/meta', { config: { policy: ChannelPolicy.manage }, schema: { tags, summary: '通道类型与可选的通知种类', response: { 200: ChannelMeta } } }, async () => channelMeta());

  app.get('/channels', { config: { policy: ChannelPolicy.manage }, schema: { tags, summary: '通知通道（企业微信、钉钉群机器人与电子邮件）；密钥只显示掩码', response: { 200: Type.Array(ChannelDto) } } }, async (req) =>
    listChannels(svc, authOf(req)),
  );

  app.post('/channels', { config: { policy: ChannelPolicy.manage }, schema: { tags, summary: '新建通知通道', body: ChannelCreateBody, response: { 200: ChannelDto } } }, async (req) => {
    const auth = authOf(req);
    return getChannel(svc, auth, await createChannel(svc, auth, req.body));
  });

  app.get('/channels/:id', { config: { policy: ChannelPolicy.manage }, schema: { tags, summary: '通知通道详情', params: IdParams, response: { 200: ChannelDto } } }, async (req) => getChannel(svc, authOf(req), req.params.id));

  app.patch(
    '/channels/:id',
    { config: { policy: ChannelPolicy.manage }, schema: { tags, summary: '修改通知通道（带 version；未填写的密钥保持不变）', params: IdParams, body: ChannelUpdateBody, response: { 200: ChannelDto } } },
    async (req) => {
      const auth = authOf(req);
      await updateChannel(svc, auth, req.params.id, req.body);
      return getChannel(svc, auth, req.params.id);
    },
  );

  app.delete('/channels/:id', { config: { policy: ChannelPolicy.manage }, schema: { tags, summary: '删除通知通道及其发送记录', params: IdParams, response: { 200: Ok } } }, async (req) => {
    await deleteChannel(svc, authOf(req), req.params.id);
    return { ok: true };
  });

  app.post(
    '/channels/:id/test',
    { config: { policy: ChannelPolicy.manage, rateLimit: { max: 20, timeWindow: 60_000 } }, schema: { tags, summary: '发送测试消息（立即发送，结果记入发送记录）', params: IdParams, body: TestSendBody, response: { 200: TestSendResult } } },
    async (req) => testChannel(svc, authOf(req), req.params.id, req.body.to),
  );

  app.get(
    '/channels/:id/deliveries',
    { config: { policy: ChannelPolicy.manage }, schema: { tags, summary: '通道的发送记录（状态、次数、错误）', params: IdParams, querystring: DeliveryQuery, response: { 200: DeliveryPage } } },
    async (req) => listDeliveries(svc, authOf(req), req.params.id, req.query),
  );

  app.post(
    '/channels/:id/deliveries/:deliveryId/retry',
    { config: { policy: ChannelPolicy.manage }, schema: { tags, summary: '重新发送一条失败的通知', params: Type.Object({ id: Type.Integer(), deliveryId: Type.Integer() }), response: { 200: Ok } } },
    async (req) => {
      await retryDelivery(svc, authOf(req), req.params.id, req.params.deliveryId);
      return { ok: true };
    },
  );

  app.get('/me/preferences', { config: { policy: ChannelPolicy.preferences }, schema: { tags, summary: '我的提醒设置', response: { 200: PreferencesDto } } }, async (req) => getPreferences(svc, authOf(req)));

  app.put('/me/preferences', { config: { policy: ChannelPolicy.preferences }, schema: { tags, summary: '修改我的提醒设置（如每晚学习提醒）', body: PreferencesBody, response: { 200: PreferencesDto } } }, async (req) =>
    setPreferences(svc, authOf(req), req.body),
  );
};

export default routes;
