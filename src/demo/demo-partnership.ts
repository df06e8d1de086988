import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemActor } from '../audit/audit.service.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import type { Row, RowOutcome } from '../imports/import-runner.js';
import { storeScan } from '../partnership/agreement-scan.js';
import type { AgreementInput } from '../partnership/agreements.import.js';
import { writeAgreementRows } from '../partnership/agreements.import.js';
import { setAgreementScan } from '../partnership/agreements.repository.js';
import { writeAssociationRows, writeMembershipRows, type MembershipInput } from '../partnership/associations.import.js';
import { addAppendixItem, createTemplate, rulesFolder } from '../partnership/templates.service.js';
import { addDays } from '../shared/time.js';
import { vietnameseName } from './demo-organisation.js';
import { demoPdf } from './demo-pdf.js';
import type { Random } from './random.js';

/**
 * The partnership programme as Hai Phong ran it: the 2018 agreement template, the 17/2/2020 one
 * with its appendix of the department's rules, 17,447 agreements by the end of 2020 among about
 * 25,000 businesses (about 70 %: scaled to the demo's businesses), and coordination rules with 21
 * business associations, each with members.
 */
const appendix: readonly (readonly [vi: string, en: string, number: string, issued: string])[] = [
  ['Quy chế giải quyết vướng mắc cho doanh nghiệp', 'Rule on resolving businesses\' problems', '1095/QĐ-HQHP', '2019-12-20'],
  ['Quy chế kiểm tra sau thông quan tại trụ sở cơ quan hải quan', 'Rule on post-clearance audit at the customs office', '1096/QĐ-HQHP', '2019-12-20'],
  ['Quy chế kiểm soát hải quan', 'Rule on customs control', '1097/QĐ-HQHP', '2019-12-20'],
  ['Quy chế chuyển luồng kiểm tra và từ chối hồ sơ', 'Rule on changing the inspection channel and refusing dossiers', '1098/QĐ-HQHP', '2019-12-20'],
  ['Quy chế làm thủ tục ngoài giờ hành chính', 'Rule on procedures outside office hours', '1099/QĐ-HQHP', '2019-12-20'],
  ['Quy chế kiểm tra nội bộ và trách nhiệm người đứng đầu, công chức', 'Rule on internal control and officers\' accountability', '1100/QĐ-HQHP', '2019-12-20'],
];

export const demoAssociations: readonly (readonly [code: string, name: string, ruleSignedOn: string])[] = [
  ['VAMA', 'Hiệp hội các nhà sản xuất ô tô Việt Nam (VAMA)', '2018-05-15'],
  ['EUROCHAM', 'Phòng Thương mại châu Âu tại Việt Nam (EuroCham)', '2018-09-20'],
  ['VITAS', 'Hiệp hội Dệt may Việt Nam (VITAS)', '2018-06-12'],
  ['VINPA', 'Hiệp hội Xăng dầu Việt Nam', '2019-03-08'],
  ['KOCHAM', 'Hiệp hội Doanh nghiệp Hàn Quốc tại Việt Nam (KoCham)', '2018-11-02'],
  ['AMCHAM', 'Phòng Thương mại Hoa Kỳ tại Việt Nam (AmCham)', '2019-05-17'],
  ['JCCH', 'Hiệp hội Doanh nghiệp Nhật Bản tại Việt Nam', '2019-04-10'],
  ['VLA', 'Hiệp hội Doanh nghiệp dịch vụ Logistics Việt Nam (VLA)', '2018-04-25'],
  ['VISABA', 'Hiệp hội Đại lý, Môi giới và Dịch vụ hàng hải Việt Nam (VISABA)', '2018-08-14'],
  ['VPA', 'Hiệp hội Cảng biển Việt Nam (VPA)', '2018-07-30'],
  ['VASEP', 'Hiệp hội Chế biến và Xuất khẩu thủy sản Việt Nam (VASEP)', '2019-06-21'],
  ['VSA', 'Hiệp hội Thép Việt Nam (VSA)', '2019-08-09'],
  ['LEFASO', 'Hiệp hội Da – Giày – Túi xách Việt Nam (LEFASO)', '2019-09-26'],
  ['VIFOREST', 'Hiệp hội Gỗ và Lâm sản Việt Nam (VIFOREST)', '2019-10-15'],
  ['VPAS', 'Hiệp hội Nhựa Việt Nam', '2019-11-19'],
  ['VEIA', 'Hiệp hội Doanh nghiệp điện tử Việt Nam (VEIA)', '2020-01-09'],
  ['HPBA', 'Hiệp hội Doanh nghiệp thành phố Hải Phòng', '2018-03-28'],
  ['HPYBA', 'Hội Doanh nhân trẻ Hải Phòng', '2020-06-05'],
  ['VCCI-HP', 'Liên đoàn Thương mại và Công nghiệp Việt Nam – Chi nhánh Hải Phòng', '2018-03-20'],
  ['CTCA', 'Hiệp hội Thương mại Đài Loan tại Việt Nam (CTCA)', '2020-08-18'],
  ['SINGCHAM', 'Phòng Thương mại Singapore tại Việt Nam (SingCham)', '2020-10-22'],
];

export interface DemoPartnershipResult {
  agreements: number;
  associations: number;
  memberships: number;
}

function dayBetween(random: Random, from: string, to: string): string {
  const span = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
  return addDays(from, random.int(0, span));
}

async function demoTemplates(db: Db, dataDir: string | undefined): Promise<void> {
  await createTemplate(db.kysely, {
    code: 'HQHP-DN', version: '2018', effective_on: '2018-03-01',
    title_vi: 'Bản thỏa thuận hợp tác Hải quan – Doanh nghiệp (mẫu 2018)', title_en: 'Customs–Business partnership agreement (2018 template)',
  }, systemActor);
  const t2020 = await createTemplate(db.kysely, {
    code: 'HQHP-DN', version: '2020', effective_on: '2020-02-17',
    title_vi: 'Bản thỏa thuận hợp tác Hải quan – Doanh nghiệp (mẫu 17/2/2020, kèm phụ lục quy chế)', title_en: 'Customs–Business partnership agreement (17/2/2020 template, with the rules appendix)',
  }, systemActor);
  if (dataDir) mkdirSync(join(dataDir, rulesFolder), { recursive: true });
  for (const [i, [vi, en, number, issued]] of appendix.entries()) {
    const file = `${rulesFolder}/quy-che-${i + 1}.pdf`;
    if (dataDir) writeFileSync(join(dataDir, file), demoPdf([`Cuc Hai quan Hai Phong - ${number}`, en, '(demo document)']));
    await addAppendixItem(db.kysely, dataDir ?? '', t2020.id, {
      title_vi: vi, title_en: en, number, issued_on: issued,
      ...(dataDir ? { file_path: file } : { link: `https://www.customs.gov.vn/van-ban/${encodeURIComponent(number)}` }),
    }, systemActor);
  }
}

/**
 * Agreements for about 70 % of the businesses; the first (the demo business account) always signs the 2020 template
 * and keeps it (the demo stores its scan). Its draws are made all the same, so the others' do not depend on it.
 */
export function demoAgreementRows(random: Random, taxCodes: readonly string[]): Row<AgreementInput>[] {
  const rows: AgreementInput[] = [];
  const signing = [taxCodes[0]!, ...random.sample(taxCodes.slice(1), Math.round(taxCodes.length * (17_447 / 25_000)) - 1)];
  for (const [i, taxCode] of signing.entries()) {
    const signatory = `${vietnameseName(random)}, Giám đốc`;
    const early = i > 0 && random.next() < 0.35;
    if (early) rows.push({ taxCode, template: 'HQHP-DN/2018', signedOn: dayBetween(random, '2018-03-01', '2020-02-16'), signatory, status: 'active' });
    if (early && random.next() < 0.4) continue; // kept the 2018 agreement
    if (early) rows[rows.length - 1]!.status = 'terminated';
    const signedOn = dayBetween(random, '2020-02-17', '2020-12-31');
    const terminated = random.next() < 0.02 && i > 0;
    rows.push({ taxCode, template: 'HQHP-DN/2020', signedOn, signatory, status: terminated ? 'terminated' : 'active' });
  }
  return rows.map((value, i) => ({ line: i + 2, value }));
}

function demoMemberRows(random: Random, taxCodes: readonly string[]): Row<MembershipInput>[] {
  const rows: MembershipInput[] = [{ associationCode: 'VAMA', taxCode: taxCodes[0]! }, { associationCode: 'KOCHAM', taxCode: taxCodes[0]! }];
  for (const [code] of demoAssociations) {
    for (const taxCode of random.sample(taxCodes.slice(1), random.int(20, 250))) rows.push({ associationCode: code, taxCode });
  }
  return rows.map((value, i) => ({ line: i + 2, value }));
}

/** The demo's data must pass the import rules like any file: a rejected row is a bug of the demo. */
function created(outcomes: readonly RowOutcome[], what: string): void {
  const refused = outcomes.find((o) => o instanceof AppError);
  if (refused) throw new Error(`demo ${what} rejected: ${refused.message}`);
}

/** Writes the programme through the import services (the same rules as `hailong import`). */
export async function buildDemoPartnership(db: Db, random: Random, taxCodes: readonly string[], dataDir?: string): Promise<DemoPartnershipResult> {
  await demoTemplates(db, dataDir);
  const agreements = demoAgreementRows(random, taxCodes);
  for (let i = 0; i < agreements.length; i += 1000) created(await writeAgreementRows(db.kysely, agreements.slice(i, i + 1000)), 'agreements');
  created(await writeAssociationRows(db.kysely, demoAssociations.map(([code, name, rule], i) => ({ line: i + 2, value: { code, name, rule_signed_on: rule } }))), 'associations');
  const members = demoMemberRows(random, taxCodes);
  for (let i = 0; i < members.length; i += 1000) created(await writeMembershipRows(db.kysely, members.slice(i, i + 1000)), 'members');
  if (dataDir) {
    // The demo business's signed agreement, scanned.
    const own = await db.kysely.selectFrom('agreements as a').innerJoin('businesses as b', 'b.id', 'a.business_id').select('a.id')
      .where('b.tax_code', '=', taxCodes[0]!).where('a.status', '=', 'active').executeTakeFirstOrThrow();
    const scan = demoPdf(['Ban thoa thuan hop tac Hai quan - Doanh nghiep', `MST ${taxCodes[0]}`, '(demo scan)']);
    await setAgreementScan(db.kysely, Number(own.id), { path: await storeScan(dataDir, Number(own.id), scan), bytes: scan.length }, Date.now());
  }
  return { agreements: agreements.length, associations: demoAssociations.length, memberships: members.length };
}
