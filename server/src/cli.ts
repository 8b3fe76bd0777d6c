import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from './config';
import { openDatabase, type DatabaseHandle } from './db';
import { migrateToLatest } from './db/migrate';
import { DEMO_ACCOUNTS, hasData, seedDemo } from './demo/demo';
import { makeUnit, makeUser } from './demo/factories';
import { AuthContext } from './platform/auth/context';
import { hashPassword, passwordProblem } from './platform/auth/password';
import { backup, isEmpty, restore, wipe } from './platform/backup';
import { checkpointDir, signingKey, verifyCheckpoints, writeCheckpoint } from './platform/audit-checkpoint';
import { ADMIN_ROLES, type Role } from './platform/roles';
import { createServices, type Services } from './platform/services';
import { importRoster } from './modules/org/import';
import { importBooks } from './modules/library/imports/service';
import { importQuestions } from './modules/exams/bank/service';
import { passwordPolicy } from './modules/auth/service';
import { createFromCli } from './modules/accounts/service';
import { slipSheet, slipWorkbook } from './modules/accounts/slips';
import { publicUrl } from './platform/publicurl';
import { allJobs } from './jobs';
import { runOnce } from './platform/jobs';
import { nowIso, todayLocal } from './platform/time';
import { verifyQrOffline } from './modules/scorecard/certificates/signing';
import { publishedKeys, rotateKey } from './modules/scorecard/certificates/service';
import { archiveUnit, writeArchive } from './modules/archive/service';

const HELP = `用法：shuxiang <命令>

  migrate                          执行数据库迁移
  seed demo [--allow-postgres]     向空数据库载入演示数据（X镇）
  import members FILE.xlsx         导入干部名册（整表校验，全部无误才导入）
  import books FILE [--location 名称] [--json]
                                   导入图书：MARC（ISO 2709）、MARCXML 或 Excel，逐条报告；--json 输出机器可读的汇总
  accounts create --all [--unit 单位名称] --out FILE.pdf
                                   为名册中尚未开通账号的在职干部（或某单位的）批量开通账号：用户名按规则生成，
                                   初始密码随机；写出可裁开的凭条 FILE.pdf 和名单 FILE.xlsx（只此一次），首次登录须修改密码
  import questions FILE [--category 名称] [--json]
                                   导入题库：GIFT、Aiken 或题库 Excel 模板，逐题报告（行号与原因）；--json 输出 {taken, refused:[{line, reason}]}
  create-admin [--username NAME] [--role sysadmin|secadmin|auditadmin] [--password PW]
                                   新建管理员账号（密码也可由 SHUXIANG_ADMIN_PASSWORD 提供；不给则随机生成）
  audit checkpoint | audit public-key
                                   写入签名检查点（应用每小时也自动写入）；打印检查点公钥，交审计管理员保存
  reset-admin --username NAME [--password PW]
                                   重置三员账号的密码、动态口令与锁定（三员之间不能在网页上互相重置）
  backup FILE                      在线备份（应用运行时也可执行，得到一致的快照）
  restore FILE [--force]           从备份恢复到空数据库（--force 先清空目标数据库，请先停止应用）
  audit verify                     校验审计日志哈希链
  jobs list                        列出每日定时任务与今天是否已执行
  jobs run NAME                    立即执行某个每日任务（今天已由任一节点执行过则不再执行）
  verify-certificate "二维码内容" --key 公钥.pem
                                   离线验证证书二维码的签名（不连数据库；公钥见 /api/verify-keys 或 certificate-key）
  certificate-key                  输出证书签名公钥（PEM），供公布和离线验证
  certificate-key rotate           生成新的证书签名密钥（旧密钥仍可验证已颁发的证书）
  archive --year 2026 OUT.zip [--unit 单位ID]
                                   生成年终台账（按方案章节和月份整理的 .zip，含目录）

数据库：默认使用 ./data/shuxiang.db（SHUXIANG_DATA_DIR 可改）；设置 DATABASE_URL=postgres://… 则使用 PostgreSQL。`;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** The operator at the console acts over every unit, and is audited as 'cli'. */
async function cliAuth(svc: Services, roles: Role[]): Promise<AuthContext> {
  const roots = await svc.db.selectFrom('units').select(['id', 'path', 'name']).where('parent_id', 'is', null).execute();
  return new AuthContext(
    {
      sessionId: 'cli',
      csrfToken: '',
      user: { id: 0, username: 'cli', displayName: '命令行', memberId: null, mustChangePassword: false, passwordChangedAt: new Date().toISOString(), totpEnabled: false, isDemo: false },
      roles: roots.flatMap((u) => roles.map((role) => ({ role, unitId: u.id, unitPath: u.path, unitName: u.name }))),
    },
    'cli',
  );
}

async function main(argv: string[]): Promise<number> {
  const [cmd, sub, ...rest] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help') {
    console.log(HELP);
    return 0;
  }
  if (cmd === 'verify-certificate') {
    // Offline: the QR text and the published public key only, no database.
    const args = [sub, ...rest].filter((a): a is string => a !== undefined);
    const keyFile = flag(args, '--key') ?? process.env.SHUXIANG_CERT_PUBLIC_KEY;
    const text = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--key');
    if (!text || !keyFile) throw new Error('用法：shuxiang verify-certificate "二维码内容" --key 公钥.pem');
    const r = verifyQrOffline(text, fs.readFileSync(keyFile, 'utf8'));
    if (!r.ok) {
      console.log(`无效：${r.reason}`);
      return 1;
    }
    console.log(`有效：签名正确（密钥 ${r.keyId}）\n证书编号：${r.fields.number}\n姓名：${r.fields.name}\n单位：${r.fields.unit}\n称号：${r.fields.title}\n日期：${r.fields.date}\n（离线验证只证明内容未被改动；证书是否已撤销请访问二维码中的网址）`);
    return 0;
  }
  const config = loadConfig();
  const handle: DatabaseHandle = openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: path.join(config.dataDir, 'shuxiang.db'), poolSize: 2, synchronous: config.sqliteSynchronous });
  try {
    const args = [sub, ...rest].filter((a): a is string => a !== undefined);
    if (cmd === 'restore') {
      const file = args[0];
      if (!file || !fs.existsSync(file)) throw new Error('请给出存在的备份文件');
      if (args.includes('--force') && !(await isEmpty(handle))) await wipe(handle);
      const counts = await restore(handle, file);
      console.log(`已恢复：${Object.entries(counts).map(([t, n]) => `${t} ${n}`).join('，')}`);
      return 0;
    }
    await migrateToLatest(handle.db);
    const svc = createServices(config, handle);
    switch (cmd) {
      case 'migrate':
        console.log('数据库已是最新结构');
        return 0;
      case 'archive': {
        const year = Number(flag(args, '--year'));
        const unitFlag = flag(args, '--unit');
        const out = args.find((a, i) => !a.startsWith('--') && !['--year', '--unit'].includes(args[i - 1] ?? ''));
        if (!Number.isInteger(year) || !out) throw new Error('用法：shuxiang archive --year 2026 OUT.zip [--unit 单位ID]');
        const auth = await cliAuth(svc, ['clerk']);
        const unit = await archiveUnit(svc, auth, unitFlag ? Number(unitFlag) : undefined);
        let last = '';
        const r = await writeArchive({ svc, auth, year, unit, baseUrl: (await publicUrl(svc)).url || 'http://localhost:3000' }, fs.createWriteStream(out), (p) => {
          const line = `${p.done}/${p.total}`;
          if (line !== last && p.done % 10 === 0) process.stderr.write(`\r已生成 ${line}`);
          last = line;
        });
        process.stderr.write('\n');
        console.log(`台账已生成：${out}（${unit.name}，${year} 年度，${r.files} 个文件，${(r.bytes / 1024).toFixed(0)} KB）`);
        for (const s of r.sections) console.log(`  ${s.title}：${s.count}（${s.files} 个文件）`);
        return 0;
      }
      case 'certificate-key': {
        if (sub === 'rotate') {
          const auth = await cliAuth(svc, ['clerk']);
          const k = await rotateKey(svc, auth.actor());
          console.log(`已生成新的证书签名密钥 ${k.key_id}，此后颁发的证书用它签名；旧密钥仍公布，已颁发的证书照常验证`);
          return 0;
        }
        const keys = await publishedKeys(svc);
        if (keys.length === 0) throw new Error('尚未颁发过证书，还没有签名密钥');
        for (const k of keys) console.log(`# 密钥 ${k.keyId}（${k.createdAt}）\n${k.publicKeyPem.trim()}`);
        return 0;
      }
      case 'seed': {
        if (sub !== 'demo') throw new Error('用法：shuxiang seed demo');
        if (handle.dialect === 'postgres' && !rest.includes('--allow-postgres')) throw new Error('不会向 PostgreSQL 载入演示数据；如确需载入，请加 --allow-postgres');
        if (await hasData(svc)) throw new Error('数据库中已有数据，演示数据只能载入空数据库');
        const counts = await seedDemo(svc, config.demoPassword);
        console.log(`已载入演示数据：单位 ${counts.units}，干部 ${counts.members}，账号 ${counts.users}（${DEMO_ACCOUNTS.join('、')}），图书 ${counts.books} 种 ${counts.copies} 册，借阅 ${counts.loans} 次`);
        return 0;
      }
      case 'import': {
        if (sub === 'books' && rest[0]) {
          const file = rest[0];
          // On an empty database there is nobody to catalogue for: say what is missing, not 没有权限.
          if (!(await svc.db.selectFrom('units').select('id').executeTakeFirst())) {
            throw new Error('数据库中还没有任何单位：请先建立单位和馆藏地点（shuxiang import members 名册.xlsx，或在网页“组织与名册”中新建），再导入图书');
          }
          const locationName = flag(rest, '--location');
          const report = await importBooks(svc, await cliAuth(svc, ['clerk', 'sysadmin']), file, fs.readFileSync(file), { locationName });
          const warnings: string[] = [];
          if (!locationName) {
            warnings.push(
              report.copiesAdded === 0
                ? '未指定 --location：只导入了书目，没有新增任何馆藏册（加 --location 馆藏地点名称 可同时登记馆藏）'
                : `未指定 --location：只有表中写明馆藏地点的记录新增了馆藏册（共 ${report.copiesAdded} 册）`,
            );
          }
          if (rest.includes('--json')) {
            const pick = (o: string) => report.records.filter((r) => r.outcome === o).map((r) => ({ index: r.index, title: r.title, isbn13: r.isbn13, copiesAdded: r.copiesAdded }));
            console.log(
              JSON.stringify(
                {
                  format: report.format,
                  total: report.total,
                  copiesAdded: report.copiesAdded,
                  warnings,
                  taken: pick('taken'),
                  merged: pick('merged'),
                  unchanged: pick('unchanged'),
                  refused: report.records.filter((r) => r.outcome === 'refused').map((r) => ({ index: r.index, title: r.title, reason: r.reason })),
                },
                null,
                2,
              ),
            );
          } else {
            const label = { taken: '新增', merged: '合并', unchanged: '已有', refused: '拒收' } as const;
            for (const r of report.records) {
              console.log(`第 ${r.index} 条 ${label[r.outcome]}${r.title ? `《${r.title}》` : ''}${r.copiesAdded ? `，新增 ${r.copiesAdded} 册` : ''}${r.reason ? `：${r.reason}` : ''}${r.warnings.length ? `（${r.warnings.join('；')}）` : ''}`);
            }
            console.log(`共 ${report.total} 条：新增 ${report.taken}，合并 ${report.merged}，已有 ${report.unchanged}，拒收 ${report.refused}；新增馆藏 ${report.copiesAdded} 册`);
            for (const w of warnings) console.error(`注意：${w}`);
          }
          return 0;
        }
        if (sub === 'questions' && rest[0]) {
          const report = await importQuestions(svc, await cliAuth(svc, ['clerk']), fs.readFileSync(rest[0]), { categoryName: flag(rest, '--category') ?? null });
          if (rest.includes('--json')) console.log(JSON.stringify({ taken: report.taken, refused: report.refused }, null, 2));
          else {
            for (const r of report.refused) console.log(`第 ${r.line} 行 拒收：${r.reason}`);
            console.log(`导入 ${report.taken} 题，拒收 ${report.refused.length} 题`);
          }
          return 0;
        }
        if (sub !== 'members' || !rest[0]) throw new Error('用法：shuxiang import members FILE.xlsx 或 shuxiang import books FILE');
        const report = await importRoster(svc, await cliAuth(svc, ['clerk', 'sysadmin']), fs.readFileSync(rest[0]));
        if (report.ok) {
          console.log(`导入成功：共 ${report.total} 行，导入 ${report.taken} 人`);
          return 0;
        }
        console.error(`未导入任何数据：共 ${report.total} 行，${report.errors.length} 行有问题`);
        for (const e of report.errors) console.error(`  第 ${e.row} 行：${e.problems.join('；')}`);
        return 1;
      }
      case 'accounts': {
        if (sub !== 'create' || !(rest.includes('--all') || flag(rest, '--unit')) || !flag(rest, '--out')) throw new Error('用法：shuxiang accounts create --all [--unit 单位名称] --out FILE.pdf');
        const out = flag(rest, '--out')!;
        const base = out.replace(/\.(pdf|xlsx)$/i, '');
        const result = await createFromCli(svc, await cliAuth(svc, ['sysadmin']), flag(rest, '--unit'));
        if (!result.ok) {
          console.error(`未开通任何账号：${result.errors.length} 人有问题`);
          for (const e of result.errors) console.error(`  第 ${e.row} 人 ${e.name}（${e.unitName}）：${e.problems.join('；')}`);
          return 1;
        }
        if (result.created.length === 0) {
          console.log(`没有需要开通账号的干部（${result.skipped} 人已有账号）`);
          return 0;
        }
        const slipList = result.created.map((c) => ({ name: c.name, unitName: c.unitName, username: c.username, password: c.password }));
        const baseUrl = (await publicUrl(svc)).url || 'http://服务器地址';
        fs.writeFileSync(`${base}.pdf`, await slipSheet(slipList, baseUrl));
        fs.writeFileSync(`${base}.xlsx`, await slipWorkbook(slipList, baseUrl));
        await svc.audit.recordAlone({ userId: null, username: 'cli', ip: null }, { action: 'user.slips.pdf', entity: 'user', detail: { count: slipList.length, file: `${base}.pdf` } });
        console.log(`已开通 ${result.created.length} 个账号（${result.skipped} 人原已有账号）。凭条：${base}.pdf，名单：${base}.xlsx。初始密码只此一次，请妥善保管；首次登录须修改密码。`);
        const check = await publicUrl(svc);
        if (check.problem) console.error(`注意：对外访问地址${check.problem === 'unset' ? '尚未设置' : `（${check.url}）是本机或内网地址`}，凭条上的二维码手机可能打不开；请在“系统设置 → 对外访问”中设置`);
        return 0;
      }
      case 'create-admin': {
        const username = (flag(args, '--username') ?? 'admin').toLowerCase();
        const role = (flag(args, '--role') ?? 'sysadmin') as Role;
        if (!ADMIN_ROLES.includes(role)) throw new Error('--role 须为 sysadmin、secadmin 或 auditadmin');
        const given = flag(args, '--password') ?? process.env.SHUXIANG_ADMIN_PASSWORD;
        const password = given ?? `Sx-${crypto.randomBytes(9).toString('base64url')}`;
        const problem = passwordProblem(password, await passwordPolicy(svc), username);
        if (problem) throw new Error(problem);
        if (await svc.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst()) throw new Error(`用户名 ${username} 已存在`);
        let root = await svc.db.selectFrom('units').select(['id']).where('parent_id', 'is', null).orderBy('id').executeTakeFirst();
        root ??= await makeUnit(svc.db, { name: flag(args, '--root') ?? '本级单位', kind: 'town' });
        await svc.db.transaction().execute(async (trx) => {
          const u = await makeUser(trx, { username, password, displayName: { sysadmin: '系统管理员', secadmin: '安全管理员', auditadmin: '审计管理员' }[role as 'sysadmin'], roles: [{ role, unitId: root.id }], mustChangePassword: true });
          await svc.audit.record(trx, { userId: null, username: 'cli', ip: null }, { action: 'user.create', entity: 'user', entityId: u.id, detail: { username, role } });
        });
        console.log(`已创建 ${username}（${role}）。${given ? '' : `初始密码：${password}  `}首次登录须修改密码。`);
        return 0;
      }
      case 'reset-admin': {
        // 三员分立: an administrator's password, second factor and lock are reset here, on the
        // server, never by another administrator on the web (docs/security.md).
        const username = (flag(args, '--username') ?? '').toLowerCase();
        const user = username ? await svc.db.selectFrom('users').select(['id']).where('username', '=', username).executeTakeFirst() : undefined;
        if (!user) throw new Error('用法：shuxiang reset-admin --username 用户名 [--password 新密码]');
        const held = await svc.db.selectFrom('user_roles').select('role').where('user_id', '=', user.id).execute();
        if (!held.some((r) => ADMIN_ROLES.includes(r.role as Role))) throw new Error(`${username} 不是三员账号；普通账号请由系统管理员在网页上重置`);
        const given = flag(args, '--password') ?? process.env.SHUXIANG_ADMIN_PASSWORD;
        const password = given ?? `Sx-${crypto.randomBytes(9).toString('base64url')}`;
        const problem = passwordProblem(password, await passwordPolicy(svc), username);
        if (problem) throw new Error(problem);
        const hash = await hashPassword(password);
        await svc.db.transaction().execute(async (trx) => {
          await trx
            .updateTable('users')
            .set({ password_hash: hash, must_change_password: 1, totp_enabled: 0, totp_secret: null, totp_pending_secret: null, disabled: 0, password_changed_at: nowIso(), updated_at: nowIso() })
            .where('id', '=', user.id)
            .execute();
          await trx.deleteFrom('login_throttle').where('username', '=', username).execute();
          await svc.sessions.destroyAllFor(trx, user.id);
          await svc.audit.record(trx, { userId: null, username: 'cli', ip: null }, { action: 'user.password.reset', entity: 'user', entityId: user.id, detail: { username, via: 'cli', totpReset: true } });
        });
        console.log(`已重置 ${username} 的密码并解除动态口令与锁定。${given ? '' : `新密码：${password}  `}首次登录须修改密码。`);
        return 0;
      }
      case 'backup': {
        if (!sub) throw new Error('用法：shuxiang backup FILE');
        const r = await backup(handle, sub);
        console.log(`已备份到 ${r.file}：${Object.entries(r.counts).map(([t, n]) => `${t} ${n}`).join('，')}`);
        return 0;
      }
      case 'audit': {
        const dir = checkpointDir(svc);
        if (sub === 'checkpoint') {
          const cp = await writeCheckpoint(svc.db, dir);
          console.log(`已写入检查点：${cp.at} 第 ${cp.lastId} 号，共 ${cp.count} 条，摘要 ${cp.digest}（${dir}）`);
          return 0;
        }
        if (sub === 'public-key') {
          process.stdout.write(signingKey(dir).publicPem);
          return 0;
        }
        if (sub !== 'verify') throw new Error('用法：shuxiang audit verify | audit checkpoint | audit public-key');
        const r = await svc.audit.verify();
        const cps = await verifyCheckpoints(svc.db, dir);
        if (r.ok && cps.ok) {
          // Each successful verify leaves a checkpoint of its own.
          const cp = await writeCheckpoint(svc.db, dir);
          console.log(`审计日志完整：共 ${r.count} 条（${r.chains} 条哈希链），与 ${cps.checked} 个签名检查点核对一致，校验通过；新检查点：第 ${cp.lastId} 号，摘要 ${cp.digest.slice(0, 16)}…`);
          return 0;
        }
        if (!r.ok) console.error(`审计日志被篡改：第 ${r.brokenAt} 号记录，${r.reason}`);
        for (const p of cps.problems) console.error(`审计日志与检查点不符：${p}`);
        return 2;
      }
      case 'jobs': {
        if (sub === 'list') {
          const runs = await svc.db.selectFrom('job_runs').select(['job', 'finished_at']).where('run_key', '=', todayLocal()).execute();
          for (const job of allJobs) {
            const run = runs.find((r) => r.job === job.name);
            console.log(`${job.name}\t${job.hourSetting ? `（${job.hourSetting}）` : job.at}\t${run ? (run.finished_at ? '今天已执行' : '正在执行') : '今天未执行'}`);
          }
          return 0;
        }
        const name = rest[0];
        const job = allJobs.find((j) => j.name === name);
        if (sub !== 'run' || !job) throw new Error(`用法：shuxiang jobs run NAME（NAME 为 ${allJobs.map((j) => j.name).join('、')} 之一）`);
        // The same claim as the scheduler's: a day already run (or running) on any node is not run again.
        if (await runOnce(svc, job)) console.log(`已执行：${job.name}`);
        else console.log(`今天已由其他节点执行过，未重复执行：${job.name}`);
        return 0;
      }
      default:
        console.error(`未知命令：${cmd}\n\n${HELP}`);
        return 1;
    }
  } finally {
    await handle.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`错误：${(e as Error).message}`);
    process.exit(1);
  },
);
