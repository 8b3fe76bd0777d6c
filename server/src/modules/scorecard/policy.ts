import { definePolicy } from '../../platform/policy';

// Who sees and decides the year score (issue 16). Members see their own score and
// breakdown; the office and the leading group see everyone in their reach; the
// leading group confirms the ten; the office issues and revokes certificates.
const readers = ['clerk', 'leader', 'secretary', 'inspector'] as const;

export const ScorecardPolicy = definePolicy('scorecard', {
  viewScore: {
    label: '查看年度考核得分',
    grants: [
      { roles: ['member'], scope: 'own' },
      { roles: readers, scope: 'subtree' },
    ],
  },
  listScores: { label: '查看年度考核排名', grants: [{ roles: readers, scope: 'subtree' }] },
  exportScores: { label: '导出年度考核得分', grants: [{ roles: readers, scope: 'subtree' }] },
  viewWeights: { label: '查看年度考核指标', grants: [{ roles: ['member', ...readers], scope: 'any' }] },
  setWeights: { label: '设置年度考核指标权重', grants: [{ roles: ['clerk'], scope: 'any' }] },
  viewHonors: { label: '查看“书香干部”名单', grants: [{ roles: readers, scope: 'subtree' }] },
  confirmHonors: { label: '确认“书香干部”名单', grants: [{ roles: ['leader'], scope: 'subtree' }] },
  issueCertificates: { label: '颁发证书', grants: [{ roles: ['clerk'], scope: 'subtree' }] },
  revokeCertificate: { label: '撤销证书', grants: [{ roles: ['clerk'], scope: 'subtree' }] },
  uploadSeal: { label: '上传印章图片', grants: [{ roles: ['clerk'], scope: 'subtree' }] },
  viewCertificates: { label: '查看证书', grants: [{ roles: ['member'], scope: 'own' }, { roles: readers, scope: 'subtree' }] },
});
