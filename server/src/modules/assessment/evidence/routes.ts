import { authOf, type Module } from '../../../platform/http';
import { AssessmentPolicy } from '../policy';
import { PHOTO_MAX_MB, PhotoDto, PhotoParams, PhotoQuery } from './schemas';
import { sendPhoto, uploadPhoto } from './service';

const tags = ['assessment'];

const routes: Module = async (app, { svc }) => {
  app.post(
    '/assessment/photos',
    {
      config: { policy: AssessmentPolicy.uploadPhoto },
      schema: {
        tags,
        summary: `上传照片（JPEG/PNG，不超过 ${PHOTO_MAX_MB} MB；位置等元数据会被去除）`,
        consumes: ['multipart/form-data'],
        querystring: PhotoQuery,
        response: { 200: PhotoDto },
      },
    },
    async (req) => uploadPhoto(svc, authOf(req), req.query.purpose, req),
  );
  app.get('/assessment/photos/:id', { config: { policy: AssessmentPolicy.viewPhoto }, schema: { tags, summary: '查看照片', params: PhotoParams } }, async (req, reply) =>
    sendPhoto(svc, authOf(req), req.params.id, reply),
  );
};

export default routes;
