import type { Row } from '../imports/import-runner.js';
import type { OfficerRow } from '../officers/officers.service.js';
import type { UnitInput } from '../units/units.schema.js';
import type { Random } from './random.js';

/**
 * A Hai Phong-like organisation as it stood in 2020: the department, nine sub-departments (chi cục)
 * with customs-office codes, and their work teams (đội). Two sub-departments piloted the rating
 * system on 25–31/3/2020; all went live on 1/4/2020.
 */
export const demoOffices = [
  { code: '03CC', vi: 'Chi cục Hải quan cửa khẩu cảng Hải Phòng khu vực I', en: 'Hai Phong Port Area I Customs Sub-department', weight: 22, pilot: true },
  { code: '03EE', vi: 'Chi cục Hải quan cửa khẩu cảng Hải Phòng khu vực II', en: 'Hai Phong Port Area II Customs Sub-department', weight: 16, pilot: false },
  { code: '03CE', vi: 'Chi cục Hải quan cửa khẩu cảng Hải Phòng khu vực III', en: 'Hai Phong Port Area III Customs Sub-department', weight: 14, pilot: false },
  { code: '03NK', vi: 'Chi cục Hải quan cửa khẩu cảng Đình Vũ', en: 'Dinh Vu Port Customs Sub-department', weight: 15, pilot: true },
  { code: '03PA', vi: 'Chi cục Hải quan Khu chế xuất và Khu công nghiệp', en: 'Export Processing and Industrial Zones Customs Sub-department', weight: 11, pilot: false },
  { code: '03PJ', vi: 'Chi cục Hải quan Quản lý hàng đầu tư gia công', en: 'Investment and Processing Goods Customs Sub-department', weight: 9, pilot: false },
  { code: '03TG', vi: 'Chi cục Hải quan Thái Bình', en: 'Thai Binh Customs Sub-department', weight: 4, pilot: false },
  { code: '03PL', vi: 'Chi cục Hải quan Hải Dương', en: 'Hai Duong Customs Sub-department', weight: 5, pilot: false },
  { code: '03DD', vi: 'Chi cục Hải quan Hưng Yên', en: 'Hung Yen Customs Sub-department', weight: 4, pilot: false },
] as const;

export const demoTeams = [
  { suffix: 'TT', vi: 'Đội Thủ tục hàng hóa xuất nhập khẩu', en: 'Import-Export Procedures Team', steps: ['reception', 'document_check'] },
  { suffix: 'KT', vi: 'Đội Kiểm tra thực tế hàng hóa', en: 'Physical Inspection Team', steps: ['physical_inspection'] },
  { suffix: 'GS', vi: 'Đội Giám sát hải quan', en: 'Customs Supervision Team', steps: ['supervision'] },
] as const;

export const departmentCode = '03';

export function demoUnits(): Row<UnitInput>[] {
  const rows: UnitInput[] = [{
    code: departmentCode, parentCode: null, nameVi: 'Cục Hải quan thành phố Hải Phòng', nameEn: 'Hai Phong Customs Department',
    kind: 'department', pilotFrom: null, pilotTo: null, liveFrom: null,
  }];
  for (const office of demoOffices) {
    rows.push({
      code: office.code, parentCode: departmentCode, nameVi: office.vi, nameEn: office.en, kind: 'office',
      pilotFrom: office.pilot ? '2020-03-25' : null, pilotTo: office.pilot ? '2020-03-31' : null, liveFrom: '2020-04-01',
    });
    for (const team of demoTeams) {
      rows.push({
        code: `${office.code}-${team.suffix}`, parentCode: office.code, nameVi: team.vi, nameEn: team.en, kind: 'team',
        pilotFrom: null, pilotTo: null, liveFrom: null,
      });
    }
  }
  return rows.map((value, i) => ({ line: i + 2, value }));
}

const familyNames = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đào', 'Đinh'];
const middleNames = ['Văn', 'Thị', 'Đức', 'Minh', 'Thu', 'Hồng', 'Quang', 'Thanh', 'Ngọc', 'Hữu', 'Kim', 'Xuân'];
const givenNames = ['An', 'Bình', 'Cường', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hiếu', 'Hòa', 'Hùng', 'Hương', 'Khánh', 'Lan',
  'Linh', 'Long', 'Mai', 'Nam', 'Nga', 'Ngọc', 'Phong', 'Phương', 'Quân', 'Sơn', 'Tâm', 'Thảo', 'Thắng', 'Trang', 'Trung', 'Tuấn', 'Vân', 'Yến'];

export function vietnameseName(random: Random): string {
  return `${random.pick(familyNames)} ${random.pick(middleNames)} ${random.pick(givenNames)}`;
}

export interface DemoOfficer {
  code: string;
  /** Team codes by period: a transferred officer has two. */
  assignments: { unitCode: string; from: string; to: string | null }[];
}

/** About 300 officers over the 27 teams; about one in twelve is transferred on 1/7/2020. */
export function demoOfficers(random: Random, count = 300): { rows: Row<OfficerRow>[]; officers: DemoOfficer[] } {
  const teams = demoOffices.flatMap((o) => demoTeams.map((t) => `${o.code}-${t.suffix}`));
  const officers: DemoOfficer[] = [];
  const rows: Row<OfficerRow>[] = [];
  for (let i = 0; i < count; i++) {
    const code = `CB${String(10001 + i)}`;
    const fullName = vietnameseName(random);
    const team = teams[i % teams.length]!;
    const transferred = random.next() < 0.08;
    const assignments = transferred
      ? [{ unitCode: team, from: '2018-01-01', to: '2020-06-30' }, { unitCode: random.pick(teams.filter((t) => t !== team && t.endsWith(team.slice(-2)))), from: '2020-07-01', to: null }]
      : [{ unitCode: team, from: '2018-01-01', to: null }];
    officers.push({ code, assignments });
    for (const a of assignments) rows.push({ line: rows.length + 2, value: { code, fullName, unitCode: a.unitCode, from: a.from, to: a.to } });
  }
  return { rows, officers };
}
