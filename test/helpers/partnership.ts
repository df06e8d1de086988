import { systemActor } from '../../src/audit/audit.service.js';
import type { Db } from '../../src/db/database.js';
import { createTemplate } from '../../src/partnership/templates.service.js';

/** The two templates of the source: the 2018 one, and the 17/2/2020 one that added the appendix. */
export async function createSourceTemplates(db: Db): Promise<{ t2018: number; t2020: number }> {
  const t2018 = await createTemplate(db.kysely, {
    code: 'HQHP-DN', version: '2018', effective_on: '2018-03-01',
    title_vi: 'Bản thỏa thuận hợp tác Hải quan – Doanh nghiệp (mẫu 2018)', title_en: 'Customs–Business partnership agreement (2018 template)',
  }, systemActor);
  const t2020 = await createTemplate(db.kysely, {
    code: 'HQHP-DN', version: '2020', effective_on: '2020-02-17',
    title_vi: 'Bản thỏa thuận hợp tác Hải quan – Doanh nghiệp (mẫu 17/2/2020)', title_en: 'Customs–Business partnership agreement (17/2/2020 template)',
  }, systemActor);
  return { t2018: t2018.id, t2020: t2020.id };
}
