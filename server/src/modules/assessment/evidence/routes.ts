import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { badRequest } from '../../../platform/errors';
import { authOf, type Module } from '../../../platform/http';
import { AssessmentPolicy } from '../policy';
import { loadPhoto, MAX_PHOTO_BYTES, PHOTO_PURPOSES, storePhoto, type PhotoPurpose } from './files';

const tags = ['assessment'];

async function uploaded(req: FastifyRequest): Promise<{ filename: string; buf: Buffer }> {
  const file = await req.file({ limits: { fileSize: MAX_PHOTO_BYTES, files: 1 } });
  if (!file) throw badRequest('请选择要上传的照片');
  try {
    const buf = await file.toBuffer();
    return { filename: file.filename, buf };
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw badRequest(`照片不能超过 ${MAX_PHOTO_BYTES / 1024 / 1024} MB`);
    throw e;
  }
}

const routes: Module = async (app, { svc }) => {
  app.post(
    '/assessment/photos',
    {
      config: { policy: AssessmentPolicy.uploadPhoto },
      schema: {
        tags,
        summary: `上传照片（JPEG/PNG，不超过 ${MAX_PHOTO_BYTES / 1024 / 1024} MB；位置等元数据会被去除）`,
        consumes: ['multipart/form-data'],
        querystring: Type.Object({ purpose: Type.Union(PHOTO_PURPOSES.map((p) => Type.Literal(p))) }),
        response: { 200: Type.Object({ id: Type.Integer(), mime: Type.String(), size: Type.Integer() }) },
      },
    },
    async (req) => {
      const { filename, buf } = await uploaded(req);
      return storePhoto(svc, authOf(req), req.query.purpose as PhotoPurpose, filename, buf);
    },
  );
  app.get('/assessment/photos/:id', { config: { policy: AssessmentPolicy.viewPhoto }, schema: { tags, summary: '查看照片', params: Type.Object({ id: Type.Integer({ minimum: 1 }) }) } }, async (req, reply) => {
    const f = await loadPhoto(svc, authOf(req), req.params.id);
    return reply
      .header('content-type', f.mime)
      .header('content-disposition', `inline; filename="photo"; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, max-age=3600')
      .send(Buffer.from(f.data_base64, 'base64'));
  });
};

export default routes;
