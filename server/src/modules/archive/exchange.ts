// The experience exchange meeting (读书学习经验交流会): one click builds the agenda and the
// materials pack as one .docx — the agenda, the units' results, the ten's profiles and the
// excellent reflections in full — from the year's records.
import { AlignmentType } from 'docx';
import type { AuthContext } from '../../platform/auth/context';
import type { Services } from '../../platform/services';
import { buildDocx, gridTable, para, titleParagraph } from '../../platform/docx';
import { honorsView } from '../scorecard/certificates/service';
import { unitScores } from '../scorecard/scores/service';
import { ArchivePolicy } from './policy';
import * as repo from './repository';
import { archiveUnit } from './unit';

const round1 = (n: number) => Math.round(n * 10) / 10;

export async function exchangePack(svc: Services, auth: AuthContext, year: number, unitId?: number) {
  const unit = await archiveUnit(svc, auth, unitId);
  await svc.guard.authorize(auth, ArchivePolicy.exchangePack, { unitPath: unit.path }, '该单位不在您的管理范围内');
  const [scores, honors, reflections] = await Promise.all([unitScores(svc, auth, year, unit.id), honorsView(svc, auth, year, unit.id), repo.reflectionsOf(svc.db, unit.path, year)]);
  const excellent = reflections.filter((r) => r.status === 'excellent' || r.status === 'reported');
  const ten = honors.list ? honors.list.entries.filter((e) => e.included) : honors.candidates.slice(0, honors.count).map((c, i) => ({ ...c, position: i + 1, included: true, reason: null }));
  const byMember = new Map(scores.rows.map((r) => [r.memberId, r]));
  const value = (memberId: number, key: string) => byMember.get(memberId)?.indicators.find((i) => i.key === key)?.value ?? null;
  // Units' results: members, average and best score.
  const units = new Map<string, { n: number; sum: number; best: string; bestTotal: number }>();
  for (const r of scores.rows) {
    const u = units.get(r.unitName) ?? { n: 0, sum: 0, best: '', bestTotal: -Infinity };
    u.n++;
    u.sum += r.total;
    if (r.total > u.bestTotal) {
      u.best = r.name;
      u.bestTotal = r.total;
    }
    units.set(r.unitName, u);
  }
  const unitRows = [...units].map(([name, u]) => ({ name, ...u, avg: u.sum / u.n })).sort((a, b) => b.avg - a.avg);
  const speakers = ten.slice(0, 3).map((e) => e.name);
  const agenda = [
    '主持人介绍会议议程',
    `通报 ${year} 年度读书学习活动开展情况和各单位考核结果`,
    `“书香干部”代表交流发言（${speakers.join('、') || '待定'}）`,
    `优秀读书心得交流（${excellent.slice(0, 3).map((r) => `${r.name}《${r.title}》`).join('、') || '待定'}）`,
    `为 ${ten.length} 名“${honors.list?.title ?? '书香干部'}”颁发证书`,
    '领导小组组长讲话',
  ];
  const doc = await buildDocx(
    [
      titleParagraph(`${unit.name}${year}年度读书学习经验交流会材料`),
      para('一、会议议程', { after: 120 }),
      ...agenda.map((a, i) => para(`${i + 1}. ${a}`, { indentFirst: true, after: 60 })),
      para('二、各单位考核结果', { after: 120 }),
      gridTable(
        ['序号', '单位', '人数', '平均分', '最高分'],
        unitRows.map((u, i) => [String(i + 1), u.name, String(u.n), String(round1(u.avg)), `${u.best} ${u.bestTotal}`]),
        [8, 32, 12, 16, 32],
        { center: [0, 2, 3] },
      ),
      para(`三、“${honors.list?.title ?? '书香干部'}”事迹简介${honors.list ? '' : '（名单尚未经领导小组确认，以下为考核排名前列的干部）'}`, { after: 120 }),
      ...ten.flatMap((e, i) => {
        const books = value(e.memberId, 'books');
        const daily = value(e.memberId, 'daily');
        const mine = excellent.filter((r) => r.name === e.name && r.unit_name === e.unitName);
        const facts = [
          books != null ? `全年读完 ${books} 本书` : null,
          daily != null ? `每日学习达标率 ${round1(daily)}%` : null,
          mine.length ? `优秀心得《${mine.map((r) => r.title).join('》《')}》` : null,
          `年度考核 ${e.total} 分，排名第 ${e.rank} 名`,
        ].filter(Boolean);
        return [para(`${i + 1}. ${e.name}（${e.unitName}）：${facts.join('；')}。${e.reason ? `（领导小组意见：${e.reason}）` : ''}`, { indentFirst: true, after: 60 })];
      }),
      para('四、优秀读书心得选编', { after: 120 }),
      ...(excellent.length
        ? excellent.flatMap((r) => [
            para(r.title, { align: AlignmentType.CENTER, after: 80 }),
            para(`${r.unit_name}\u3000${r.name}`, { align: AlignmentType.CENTER, after: 120 }),
            ...r.body_text
              .split(/\n+/)
              .filter((p) => p.trim())
              .map((p) => para(p.trim(), { indentFirst: true })),
          ])
        : [para('本年度暂无评为优秀的读书心得。', { indentFirst: true })]),
    ],
    { title: `${year}年度读书学习经验交流会材料` },
  );
  return { buf: doc, filename: `${unit.name}${year}年度读书学习经验交流会材料.docx` };
}
