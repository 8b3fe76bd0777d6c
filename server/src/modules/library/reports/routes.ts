import { Type } from 'typebox';
import { authOf, type Module } from '../../../platform/http';
import { currentYear } from '../../../platform/time';
import { buildXlsx, sendXlsx } from '../../../platform/xlsx';
import { coverage, loansByMonth, popularity } from './service';
import { CoverageDto, LoansReportDto, PopularityDto } from '../schemas';
import { LibraryPolicy } from '../policy';

const tags = ['library'];
const Query = Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })), format: Type.Optional(Type.Literal('xlsx')) }, { additionalProperties: false });
const STATE = { ok: '', empty: '空缺', thin: '偏少' } as const;
const MONTHS = Array.from({ length: 12 }, (_, i) => ({ header: `${i + 1}月`, key: `m${i}`, width: 6 }));

const routes: Module = async (app, { svc }) => {
  const scope = async (req: Parameters<typeof authOf>[0]) => (await svc.guard.reach(authOf(req), LibraryPolicy.reports)).paths;

  app.get('/library/reports/coverage', { config: { policy: LibraryPolicy.reports }, schema: { tags, summary: '种类齐全：各类别与中图法大类的品种、册数、借阅（?format=xlsx 导出）', querystring: Query, response: { 200: CoverageDto } } }, async (req, reply) => {
    const year = req.query.year ?? currentYear();
    const r = await coverage(svc.db, await scope(req), year);
    if (req.query.format !== 'xlsx') return r;
    const columns = [
      { header: '类别', key: 'label', width: 28 },
      { header: '品种', key: 'titles', width: 8 },
      { header: '册数', key: 'copies', width: 8 },
      { header: `${year}年借阅`, key: 'loans', width: 12 },
      { header: '提示', key: 'state', width: 8 },
    ];
    return sendXlsx(
      reply,
      `馆藏种类统计-${year}.xlsx`,
      await buildXlsx([
        { name: '按方案类别', title: `馆藏种类统计（按方案类别，${year}年）`, columns, rows: r.byCategory.map((c) => ({ ...c, state: STATE[c.state as keyof typeof STATE] })) },
        { name: '按中图法大类', title: `馆藏种类统计（按中图法大类，${year}年）`, columns: columns.slice(0, 4), rows: [...r.byClass, { label: '未分类', ...r.unclassified }] },
      ]),
    );
  });

  app.get('/library/reports/popularity', { config: { policy: LibraryPolicy.reports }, schema: { tags, summary: '借阅最多与从未借阅（?format=xlsx 导出）', querystring: Query, response: { 200: PopularityDto } } }, async (req, reply) => {
    const year = req.query.year ?? currentYear();
    const r = await popularity(svc.db, await scope(req), year);
    if (req.query.format !== 'xlsx') return r;
    return sendXlsx(
      reply,
      `借阅排行-${year}.xlsx`,
      await buildXlsx([
        {
          name: '借阅最多',
          title: `${year}年借阅最多的图书`,
          columns: [
            { header: '书名', key: 'title', width: 36 },
            { header: '作者', key: 'authors', width: 20 },
            { header: '类别', key: 'category', width: 10 },
            { header: '借阅次数', key: 'loans', width: 10 },
          ],
          rows: r.most,
        },
        {
          name: '从未借阅',
          title: '从未借阅的图书',
          columns: [
            { header: '书名', key: 'title', width: 36 },
            { header: '作者', key: 'authors', width: 20 },
            { header: '类别', key: 'category', width: 10 },
            { header: '册数', key: 'copies', width: 8 },
          ],
          rows: r.never,
        },
      ]),
    );
  });

  app.get('/library/reports/loans', { config: { policy: LibraryPolicy.reports }, schema: { tags, summary: '各单位、各干部每月借阅（?format=xlsx 导出）', querystring: Query, response: { 200: LoansReportDto } } }, async (req, reply) => {
    const year = req.query.year ?? currentYear();
    const r = await loansByMonth(svc.db, await scope(req), year);
    if (req.query.format !== 'xlsx') return r;
    const flat = <T extends { months: number[] }>(x: T) => ({ ...x, ...Object.fromEntries(x.months.map((n, i) => [`m${i}`, n])) });
    return sendXlsx(
      reply,
      `每月借阅-${year}.xlsx`,
      await buildXlsx([
        { name: '按单位', title: `${year}年各单位每月借阅`, columns: [{ header: '单位', key: 'unitName', width: 18 }, ...MONTHS, { header: '合计', key: 'total', width: 8 }], rows: r.units.map(flat) },
        {
          name: '按干部',
          title: `${year}年各干部每月借阅`,
          columns: [{ header: '姓名', key: 'name', width: 10 }, { header: '单位', key: 'unitName', width: 18 }, ...MONTHS, { header: '合计', key: 'total', width: 8 }],
          rows: r.members.map(flat),
        },
      ]),
    );
  });
};

export default routes;
