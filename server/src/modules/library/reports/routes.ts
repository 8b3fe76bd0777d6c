import { Type } from 'typebox';
import { authOf, type Module } from '../../../platform/http';
import { coverageReport, loansReport, popularityReport } from './service';
import { CoverageDto, LoansReportDto, PopularityDto } from '../schemas';
import { LibraryPolicy } from '../policy';

const tags = ['library'];
const Query = Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })), format: Type.Optional(Type.Literal('xlsx')) }, { additionalProperties: false });

const routes: Module = async (app, { svc }) => {
  app.get(
    '/library/reports/coverage',
    { config: { policy: LibraryPolicy.reports }, schema: { tags, summary: '种类齐全：各类别与中图法大类的品种、册数、借阅（?format=xlsx 导出）', querystring: Query, response: { 200: CoverageDto } } },
    async (req, reply) => coverageReport(svc, authOf(req), req.query, reply),
  );

  app.get(
    '/library/reports/popularity',
    { config: { policy: LibraryPolicy.reports }, schema: { tags, summary: '借阅最多与从未借阅（?format=xlsx 导出）', querystring: Query, response: { 200: PopularityDto } } },
    async (req, reply) => popularityReport(svc, authOf(req), req.query, reply),
  );

  app.get(
    '/library/reports/loans',
    { config: { policy: LibraryPolicy.reports }, schema: { tags, summary: '各单位、各干部每月借阅（?format=xlsx 导出）', querystring: Query, response: { 200: LoansReportDto } } },
    async (req, reply) => loansReport(svc, authOf(req), req.query, reply),
  );
};

export default routes;
