/** What the messages read of an error answer (ApiError in api.ts has these). */
export interface ProblemLike {
  status: number;
  code: string;
  title: string;
  detail: string;
}

/**
 * One message per error code of the API (apps/api/src/http/problem.ts, ProblemCode), and the
 * console's own (network, session_expired). The API's bilingual words stay in the answer for
 * other clients; a person here reads these.
 */
export const ERROR_MESSAGES: Record<string, string> = {
  invalid_input: '填写内容有误，请按提示修改',
  unauthenticated: '登录已过期，请重新登录',
  wrong_credentials: '用户名或密码错误',
  totp_invalid: '动态验证码错误或已失效，请重新输入',
  session_expired: '登录已过期，请重新登录',
  account_inactive: '该账号已停用，请联系系统管理员',
  forbidden: '无权进行此操作',
  not_found: '未找到相应内容，可能已被删除或无权查看',
  method_not_allowed: '不支持该操作',
  conflict: '状态已变化，请刷新后重试',
  invalid_state: '当前状态不允许此操作，请刷新后查看',
  too_large: '提交的内容过大',
  unsupported_media_type: '不支持该文件类型',
  unprocessable: '无法处理该请求',
  rate_limited: '操作过于频繁，请稍后再试',
  internal_error: '系统出错，请稍后重试；如仍有问题请联系系统管理员',
  unavailable: '服务暂不可用，请稍后重试',
  network: '无法连接服务器，请检查网络后重试',
};

const HAN = /[\u4e00-\u9fff]/;

/** The Chinese half of an "English / 中文" message; nothing when the message has no Chinese. */
export function chineseHalf(message: string | undefined): string | undefined {
  if (!message) return undefined;
  const at = message.lastIndexOf(' / ');
  const chinese = at < 0 ? message : message.slice(at + 3).trim();
  return HAN.test(chinese) ? chinese : undefined;
}

/** What the error is, in one Chinese line: the code's message, else the Chinese half of the title. */
export function errorTitle(error: ProblemLike): string {
  return ERROR_MESSAGES[error.code] ?? chineseHalf(error.title) ?? ERROR_MESSAGES[codeOfStatus(error.status)] ?? '操作失败';
}

/** The API's particular words about this case (its Chinese half), when they add to the title. */
export function errorDetail(error: ProblemLike): string | undefined {
  const detail = chineseHalf(error.detail);
  return detail && detail !== errorTitle(error) ? detail : undefined;
}

/** Title and detail in one line, for a toast. */
export function errorText(error: ProblemLike): string {
  const detail = errorDetail(error);
  return detail ? `${errorTitle(error)}：${detail}` : errorTitle(error);
}

function codeOfStatus(status: number): string {
  if (status === 0) return 'network';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status === 503) return 'unavailable';
  if (status >= 500) return 'internal_error';
  return 'invalid_input';
}
