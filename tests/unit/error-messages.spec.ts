import { EXTRA_PROBLEM_CODES, STATUS_CODES } from '../../apps/api/src/http/problem-codes';
import { chineseHalf, ERROR_MESSAGES, errorDetail, errorText, errorTitle, type ProblemLike } from '../../apps/web/src/errors';

/** An error answer as the console's ApiError holds it. */
class ApiError implements ProblemLike {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: unknown[] = [],
    readonly code = '',
  ) {}
}

const HAN = /[\u4e00-\u9fff]/;
const LATIN_WORD = /[A-Za-z]{3,}/;

describe('error messages of the console', () => {
  it('word every code the API answers with, in Chinese only', () => {
    for (const code of [...Object.values(STATUS_CODES), ...EXTRA_PROBLEM_CODES, 'network']) {
      expect([code, ERROR_MESSAGES[code]]).toEqual([code, expect.stringMatching(HAN)]);
      expect([code, LATIN_WORD.test(ERROR_MESSAGES[code]!)]).toEqual([code, false]);
    }
  });

  it('shows a wrong password as one Chinese sentence, never the English half or the status', () => {
    const wrong = new ApiError(401, 'Unauthorized / 登录失败', 'wrong username or password / 用户名或密码错误', [], 'wrong_credentials');
    expect(errorTitle(wrong)).toBe('用户名或密码错误');
    expect(errorDetail(wrong)).toBeUndefined();
    expect(errorText(wrong)).toBe('用户名或密码错误');
  });

  it('keeps the API’s particular Chinese words as the detail, and drops words without Chinese', () => {
    const refused = new ApiError(409, 'Conflict / 状态冲突', 'the report is closed / 报告流程已结束', [], 'invalid_state');
    expect(errorText(refused)).toBe('当前状态不允许此操作，请刷新后查看：报告流程已结束');
    const bare = new ApiError(500, 'Internal Server Error', 'unexpected error', [], 'internal_error');
    expect(errorText(bare)).not.toMatch(LATIN_WORD);
    // An answer without a code (an older server, a proxy) is worded by its status.
    expect(errorTitle(new ApiError(503, 'Service Unavailable', 'down'))).toBe(ERROR_MESSAGES.unavailable);
  });

  it('takes the Chinese half of a bilingual message', () => {
    expect(chineseHalf('Bad Request / 请求有误')).toBe('请求有误');
    expect(chineseHalf('"x" is not a day written YYYY-MM-DD / 日期格式应为 YYYY-MM-DD')).toBe('日期格式应为 YYYY-MM-DD');
    expect(chineseHalf('unexpected error')).toBeUndefined();
  });
});
