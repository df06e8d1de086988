import { completeTaxCode } from '../businesses/tax-code.js';
import type { BusinessFields } from '../businesses/businesses.repository.js';
import type { Row } from '../imports/import-runner.js';
import { formatVietnamInstant, startOfVietnamDay } from '../shared/time.js';
import { demoOffices, type DemoOfficer } from './demo-organisation.js';
import type { Random } from './random.js';

const businessForms = ['Công ty TNHH', 'Công ty Cổ phần', 'Công ty TNHH MTV', 'Công ty TNHH Thương mại và Dịch vụ'];
const businessWords = ['Hải Long', 'Đại Dương', 'Bến Cảng', 'Sao Việt', 'Hoàng Gia', 'Thành Đạt', 'Phú Thái', 'Minh Anh',
  'Toàn Cầu', 'Đông Á', 'Tân Cảng', 'Việt Nhật', 'An Phát', 'Hưng Thịnh', 'Kim Long', 'Vạn Xuân', 'Bắc Hải', 'Nam Triệu',
  'Lạch Huyện', 'Đình Vũ', 'Cát Bi', 'Logistics', 'Xuất nhập khẩu', 'Điện tử', 'Dệt may', 'Thép', 'Nhựa', 'Gỗ'];

/** About 5,000 businesses with valid tax codes, Hai Phong addresses, contacts. */
export function demoBusinesses(random: Random, count = 5000): Row<BusinessFields>[] {
  const rows: Row<BusinessFields>[] = [];
  const seen = new Set<string>();
  while (rows.length < count) {
    const prefix = `02${String(random.int(0, 9_999_999)).padStart(7, '0')}`;
    const taxCode = completeTaxCode(prefix);
    if (taxCode === null || seen.has(taxCode)) continue;
    seen.add(taxCode);
    const name = `${random.pick(businessForms)} ${random.pick(businessWords)} ${random.pick(businessWords)}`;
    rows.push({
      line: rows.length + 2,
      value: {
        tax_code: taxCode, name, address: `Số ${random.int(1, 300)}, Hải Phòng`,
        email: `xnk${rows.length + 1}@example.vn`, phone: `0225${String(random.int(0, 9_999_999)).padStart(7, '0')}`,
      },
    });
  }
  return rows;
}

const importWeights = [['A11', 30], ['A12', 25], ['E31', 15], ['E21', 8], ['A31', 4], ['G11', 4], ['E11', 4], ['C11', 3], ['A41', 3], ['H11', 1]] as const;
const exportWeights = [['B11', 45], ['E62', 20], ['E52', 12], ['B13', 6], ['G21', 5], ['E42', 5], ['C12', 4], ['G61', 2], ['H21', 1]] as const;

interface TeamRoster {
  /** Officers of each team on a day, from the assignment periods. */
  on(teamCode: string, day: string): string[];
}

function roster(officers: DemoOfficer[]): TeamRoster {
  const cache = new Map<string, string[]>();
  return {
    on(teamCode, day) {
      const half = day < '2020-07-01' ? 'H1' : 'H2';
      const key = `${teamCode}|${half}`;
      let list = cache.get(key);
      if (!list) {
        const probe = half === 'H1' ? '2020-01-01' : '2020-07-01';
        list = officers.filter((o) => o.assignments.some((a) => a.unitCode === teamCode && a.from <= probe && (a.to === null || a.to >= probe))).map((o) => o.code);
        cache.set(key, list);
      }
      return list;
    },
  };
}

export interface DemoFeedOptions {
  count: number;
  businesses: readonly string[];
  businessNames: readonly string[];
  officers: DemoOfficer[];
  year?: number;
}

/**
 * A year of declarations, generated lazily (10 million never sit in memory): offices by weight,
 * 66 % green / 31 % yellow / 3 % red, import/export/dossier, busy and quiet businesses, and the
 * handlers each channel needs, taken from the teams as staffed on the registration day.
 */
export function* demoDeclarations(random: Random, options: DemoFeedOptions): Generator<Record<string, unknown>> {
  const year = options.year ?? 2020;
  const yearStart = startOfVietnamDay(`${year}-01-01`);
  const yearMs = startOfVietnamDay(`${year + 1}-01-01`) - yearStart;
  const offices = demoOffices.map((o) => [o, o.weight] as const);
  const teams = roster(options.officers);
  for (let i = 0; i < options.count; i++) {
    const office = random.weighted(offices);
    const kind = random.weighted([['import', 52], ['export', 43], ['dossier', 5]] as const);
    const dayOffset = Math.floor((i / options.count) * yearMs / 86_400_000);
    const registeredAt = yearStart + dayOffset * 86_400_000 + random.int(7 * 60, 17 * 60) * 60_000 + random.int(0, 59) * 1000;
    const day = formatVietnamInstant(registeredAt).slice(0, 10);
    const channel = kind === 'dossier' ? null : random.weighted([[1, 66], [2, 31], [3, 3]] as const);
    const clearMinutes = channel === 3 ? random.int(600, 4000) : channel === 2 ? random.int(60, 480) : random.int(3, 60);
    const cleared = registeredAt + clearMinutes * 60_000;
    const seq = String(i + 1).padStart(9, '0');
    const declarationNo = kind === 'dossier' ? `HS/${office.code}/${seq}` : `${kind === 'import' ? '10' : '30'}${seq}0`;
    const typeCode = kind === 'import' ? random.weighted(importWeights) : kind === 'export' ? random.weighted(exportWeights) : '';
    const bi = Math.floor(options.businesses.length * random.next() ** 2);
    const handlers: { step: string; officerCode: string }[] = [];
    const add = (teamSuffix: string, step: string) => {
      const list = teams.on(`${office.code}-${teamSuffix}`, day);
      if (list.length > 0) handlers.push({ step, officerCode: random.pick(list) });
    };
    if (kind === 'dossier') add('TT', 'reception');
    else {
      if (channel !== 1) add('TT', 'document_check');
      if (channel === 3) add('KT', 'physical_inspection');
      add('GS', 'supervision');
    }
    yield {
      declarationNo, kind, typeCode, officeCode: office.code, declarantTaxCode: options.businesses[bi]!,
      declarantName: options.businessNames[bi]!, registeredAt: formatVietnamInstant(registeredAt),
      clearedAt: cleared < yearStart + yearMs ? formatVietnamInstant(cleared) : null, channel, handlers,
    };
  }
}
