import { randomBytes } from 'node:crypto';
import { systemActor } from '../audit/audit.service.js';
import type { Db } from '../db/database.js';
import { createUser, type NewUser } from '../users/users.service.js';
import { departmentCode } from './demo-organisation.js';

export interface DemoCredential {
  role: string;
  username: string;
  password: string;
  scope: string;
}

/** One account per role (and a broker holding two businesses), with fresh random passwords. */
export async function createDemoUsers(db: Db, businessTaxCodes: readonly string[], officerCode: string): Promise<DemoCredential[]> {
  const accounts: (Omit<NewUser, 'password'> & { scope: string })[] = [
    { username: 'admin', role: 'admin', displayName: 'Quản trị hệ thống', email: 'admin@demo.hailong.vn', scope: 'toàn hệ thống / everything' },
    { username: 'thanhtra', role: 'inspector', displayName: 'Thanh tra Cục', email: 'thanhtra@demo.hailong.vn', scope: 'toàn Cục / whole department' },
    { username: 'lanhdao.cuc', role: 'leader', displayName: 'Lãnh đạo Cục', unitCode: departmentCode, scope: departmentCode },
    { username: 'lanhdao.03cc', role: 'leader', displayName: 'Lãnh đạo Chi cục KV I', unitCode: '03CC', scope: '03CC' },
    { username: 'congchuc', role: 'officer', displayName: 'Công chức', officerCode, scope: officerCode },
    { username: 'doanhnghiep', role: 'business', displayName: 'Doanh nghiệp mẫu', taxCodes: [businessTaxCodes[0]!], scope: businessTaxCodes[0]! },
    { username: 'dailyhq', role: 'business', displayName: 'Đại lý hải quan', taxCodes: [businessTaxCodes[1]!, businessTaxCodes[2]!], scope: `${businessTaxCodes[1]}, ${businessTaxCodes[2]}` },
  ];
  const credentials: DemoCredential[] = [];
  for (const { scope, ...account } of accounts) {
    const password = randomBytes(9).toString('base64url');
    await createUser(db.kysely, { ...account, password }, systemActor);
    credentials.push({ role: account.role, username: account.username, password, scope });
  }
  return credentials;
}
