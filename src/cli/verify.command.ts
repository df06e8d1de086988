import type { Db } from '../db/database.js';
import { verifyChains, type ChainProblem, type ChainProblemKind } from '../evaluations/chain-verify.service.js';
import { print, UsageError } from './output.js';

const kindNames: Record<ChainProblemKind, { vi: string; en: string }> = {
  altered: { vi: 'bản ghi bị sửa', en: 'altered record' },
  inserted: { vi: 'bản ghi bị chèn thêm', en: 'inserted record' },
  deleted: { vi: 'bản ghi bị xoá', en: 'deleted record' },
  current_mismatch: { vi: 'đánh giá hiện hành khác phiên bản mới nhất', en: 'current evaluation differs from its latest version' },
};

function where(problem: ChainProblem, lang: 'vi' | 'en'): string {
  const declaration = problem.declarationNo ? (lang === 'vi' ? `, tờ khai ${problem.declarationNo}` : `, declaration ${problem.declarationNo}`) : '';
  return lang === 'vi' ? `chuỗi ${problem.chain}, vị trí ${problem.seq}${declaration}` : `chain ${problem.chain}, position ${problem.seq}${declaration}`;
}

/**
 * `hailong verify [--json]`: recomputes the evaluation hash chains under SECRET_KEY; exit 0 when
 * they hold, 1 at the first altered, inserted or deleted record. Each run is recorded.
 */
export async function verifyCommand(db: Db, secretKey: string, args: readonly string[], options: { json?: boolean }): Promise<number> {
  if (args.length > 0) throw new UsageError('verify takes no arguments');
  const result = await verifyChains(db.kysely, secretKey);
  const { records, problem } = result;
  if (options.json) {
    print(JSON.stringify(result));
  } else if (!problem) {
    print(`Chuỗi băm nguyên vẹn: đã kiểm tra ${records} bản ghi đánh giá.\nThe hash chain holds: ${records} evaluation records checked.`);
  } else {
    const kind = kindNames[problem.kind];
    print(
      `CHUỖI BĂM BỊ CAN THIỆP: ${kind.vi} (${where(problem, 'vi')}); đã kiểm tra ${records} bản ghi.\n` +
      `THE HASH CHAIN IS BROKEN: ${kind.en} (${where(problem, 'en')}): ${problem.detail}; ${records} records checked.`,
    );
  }
  return result.ok ? 0 : 1;
}
