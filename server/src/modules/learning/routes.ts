import { authOf, type Module } from '../../platform/http';
import {
  createOnline,
  createPractice,
  deleteOnline,
  deletePractice,
  importUpload,
  MAX_FILE_BYTES,
  mineOf,
  optionsOf,
  sendImage,
  sendImportTemplate,
  unitRecordsOf,
  unitXlsx,
  updateOnline,
  updatePractice,
  uploadImage,
} from './service';
import { Counted, Created, CreatedOnline, IdParams, ImportQuery, ImportReport, Mine, MineQuery, Ok, OnlineBody, Options, PracticeBody, StoredFile, tags, UnitQuery, UnitRecords } from './schemas';
import { LearningPolicy } from './policy';

const routes: Module = async (app, { svc }) => {
  app.get('/learning/options', { config: { policy: LearningPolicy.own }, schema: { tags, summary: '线上学习平台、实践类型与折算设置', response: { 200: Options } } }, async () => optionsOf(svc));

  // ------------------------------------------------------------ files
  app.post(
    '/learning/files',
    { config: { policy: LearningPolicy.own }, schema: { tags, summary: `上传图片（截图、照片；JPEG/PNG/WebP，不超过 ${MAX_FILE_BYTES / 1024 / 1024} MB）`, consumes: ['multipart/form-data'], response: { 200: StoredFile } } },
    async (req) => uploadImage(svc, authOf(req), req),
  );
  app.get('/learning/files/:id', { config: { policy: LearningPolicy.viewFile }, schema: { tags, summary: '查看图片（本人，或管辖范围内的党建办、领导）', params: IdParams } }, async (req, reply) =>
    sendImage(svc, authOf(req), req.params.id, reply),
  );

  // ------------------------------------------------------------ my records
  app.get('/learning/mine', { config: { policy: LearningPolicy.own }, schema: { tags, summary: '我的线上学习与实践活动', querystring: MineQuery, response: { 200: Mine } } }, async (req) =>
    mineOf(svc, authOf(req), req.query.month),
  );

  app.post('/learning/online', { config: { policy: LearningPolicy.own }, schema: { tags, summary: '记录线上学习（时长、学时或积分）', body: OnlineBody, response: { 200: CreatedOnline } } }, async (req) =>
    createOnline(svc, authOf(req), req.body),
  );
  app.put('/learning/online/:id', { config: { policy: LearningPolicy.edit }, schema: { tags, summary: '修改线上学习记录', params: IdParams, body: OnlineBody, response: { 200: Counted } } }, async (req) =>
    updateOnline(svc, authOf(req), req.params.id, req.body),
  );
  app.delete('/learning/online/:id', { config: { policy: LearningPolicy.edit }, schema: { tags, summary: '删除线上学习记录', params: IdParams, response: { 200: Ok } } }, async (req) => deleteOnline(svc, authOf(req), req.params.id));

  app.post('/learning/practice', { config: { policy: LearningPolicy.own }, schema: { tags, summary: '记录实践活动', body: PracticeBody, response: { 200: Created } } }, async (req) => createPractice(svc, authOf(req), req.body));
  app.put('/learning/practice/:id', { config: { policy: LearningPolicy.edit }, schema: { tags, summary: '修改实践活动', params: IdParams, body: PracticeBody, response: { 200: Ok } } }, async (req) =>
    updatePractice(svc, authOf(req), req.params.id, req.body),
  );
  app.delete('/learning/practice/:id', { config: { policy: LearningPolicy.edit }, schema: { tags, summary: '删除实践活动', params: IdParams, response: { 200: Ok } } }, async (req) => deletePractice(svc, authOf(req), req.params.id));

  // ------------------------------------------------------------ the clerk's view
  app.get('/learning/unit', { config: { policy: LearningPolicy.viewUnit }, schema: { tags, summary: '管辖范围内的线上学习与实践活动（按单位、月份、平台筛选）', querystring: UnitQuery, response: { 200: UnitRecords } } }, async (req) =>
    unitRecordsOf(svc, authOf(req), req.query),
  );
  app.get('/learning/unit/export', { config: { policy: LearningPolicy.viewUnit }, schema: { tags, summary: '导出线上学习与实践活动 .xlsx', querystring: UnitQuery } }, async (req, reply) => unitXlsx(svc, authOf(req), req.query, reply));

  app.get('/learning/import-template', { config: { policy: LearningPolicy.import }, schema: { tags, summary: '下载线上学习导入模板 .xlsx' } }, async (_req, reply) => sendImportTemplate(reply));
  app.post(
    '/learning/import',
    {
      config: { policy: LearningPolicy.import },
      schema: {
        tags,
        summary: '导入线上学习名单（.xlsx / .csv，UTF-8 或 GBK），按姓名或手机号识别；dryRun=true 只预览',
        consumes: ['multipart/form-data'],
        querystring: ImportQuery,
        response: { 200: ImportReport },
      },
    },
    async (req) => importUpload(svc, authOf(req), req, req.query),
  );
};

export default routes;
