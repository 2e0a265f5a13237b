// The system administrator's calls (apps/api/src/admin, apps/api/src/channels), apart from api.ts
// because only the admin pages use them.
import { json, jsonPages, type Role } from './api';
import type { components } from './api-types';

type Schemas = components['schemas'];

// Every shape here is the API's document (api-types.ts, generated); only ChannelKind is named
// locally, for the label table below.
/** An account as the admin sees it (phones whole). */
export type AccountView = Schemas['Account'];
export type NewAccount = Schemas['CreateAccountDto'];
/** null erases the phone, or takes the account out of its unit. */
export type AccountChange = Schemas['UpdateAccountDto'];
export type AdminUnit = Schemas['AdminUnit'];
export type Channel = Schemas['Channel'];
export type ChannelKind = Channel['kind'];
export type NewChannel = Schemas['CreateChannelDto'];

const id = encodeURIComponent;

export const adminApi = {
  accounts: (filter: { role?: Role; unitId?: string } = {}) => {
    const search = new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => Boolean(entry[1])));
    // Paged by the API (Link: next): every page, so a large city's accounts are all listed.
    return jsonPages<AccountView>(`/api/admin/accounts${search.size ? `?${search}` : ''}`);
  },
  createAccount: (body: NewAccount) => json<AccountView>('POST', '/api/admin/accounts', body),
  updateAccount: (accountId: string, change: AccountChange) => json<AccountView>('PATCH', `/api/admin/accounts/${id(accountId)}`, change),
  disableAccount: (accountId: string) => json<AccountView>('POST', `/api/admin/accounts/${id(accountId)}/disable`, {}),
  resetPassword: (accountId: string, password: string) =>
    json<AccountView>('POST', `/api/admin/accounts/${id(accountId)}/reset-password`, { password }),
  unlockAccount: (accountId: string) => json<Schemas['AccountUnlocked']>('POST', `/api/admin/accounts/${id(accountId)}/unlock`, {}),
  units: () => json<AdminUnit[]>('GET', '/api/admin/units'),
  renameUnit: (unitId: string, name: string) => json<Schemas['UnitRenamed']>('PATCH', `/api/admin/units/${id(unitId)}`, { name }),
  channels: () => json<Channel[]>('GET', '/api/admin/channels'),
  createChannel: (body: NewChannel) => json<Channel>('POST', '/api/admin/channels', body),
  disableChannel: (channelId: string) => json<void>('DELETE', `/api/admin/channels/${id(channelId)}`),
};

/** 渠道类型 as the admin chooses them. */
export const CHANNEL_KIND_LABEL: Record<ChannelKind, string> = {
  webhook: '通用 Webhook',
  wecom: '企业微信群机器人',
  dingtalk: '钉钉群机器人',
};

/**
 * The notification kinds a channel may be limited to, in the words the notification centre uses
 * (libs/notifications NOTIFICATION_KIND_LABELS).
 */
export const NOTIFICATION_KIND_LABEL: Record<string, string> = {
  report_waiting: '报告待审批',
  report_returned: '报告被退回',
  report_due_soon: '审批临近到期',
  report_overdue: '审批已超期',
  report_escalated: '审批超期提级',
  report_urged: '催办',
  report_handed_over: '转交办理',
  task_urged: '催报',
  notice_issued: '督办单下发',
  notice_escalated: '督办单升级',
  notice_returned: '整改反馈被退回',
  notice_responded: '整改反馈待核查',
  extension_requested: '延期申请待审批',
  extension_decided: '延期申请结果',
  instruction_recorded: '领导批示',
  bulletin_published: '督查通报',
};

/** The fields of the account, unit and channel forms, for the API's field errors. */
export const ADMIN_FIELD_LABEL: Record<string, string> = {
  username: '用户名',
  password: '密码',
  role: '角色',
  unitId: '所属单位',
  displayName: '姓名',
  phone: '电话',
  disabled: '停用',
  resetTotp: '重置二次验证',
  name: '名称',
  kind: '渠道类型',
  url: '地址',
  secret: '签名密钥',
  kinds: '通知类型',
  id: '编号',
};
