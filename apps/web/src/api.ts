// The console talks to the API only through these functions and types. Request bodies, and more
// as the API's document describes them, come from api-types.ts, generated from /api/docs-json.
import type { components } from './api-types';

type Schemas = components['schemas'];

// What the API answers: every shape below is generated from the API's own return types (its
// document's components.schemas); only narrowings and the console's own filters are written here.
export type Role = Schemas['Role'];
export type ReportStatus = 'in_review' | 'returned' | 'withdrawn' | 'signed_off';
export type Stage = 'coordinator_review' | 'office_signoff' | string;

export type User = Schemas['SessionUser'];
export type Unit = Schemas['Unit'];
export type Task = Schemas['Task'];
export type Indicator = Task['indicators'][number];
export type IndicatorValue = Schemas['IndicatorValue'];
export type ImplausibleReason = Schemas['ImplausibleReason'];
export type HistoryEntry = Schemas['ReportHistoryEntry'];
/** One indicator's change since the previous revision, as the API computes it (`Report.diff`). */
export type IndicatorChange = Schemas['IndicatorChange'];
/** 佐证材料 as the API records it; the file itself is `GET /api/attachments/:id`. */
export type Attachment = Schemas['Attachment'];
export type Revision = Schemas['ReportRevision'];
/** What a report command answers; the API never answers a report that does not exist yet. */
export type ReportSummary = Omit<Schemas['ReportSummary'], 'status'> & { status: ReportStatus };
export type ReportListItem = Omit<Schemas['ReportListItem'], 'status'> & { status: ReportStatus };
export type Report = Omit<Schemas['Report'], 'status'> & { status: ReportStatus };

export type InboxItem = Schemas['InboxItem'];
export type Inbox = Schemas['Inbox'];

export type TaskStatus = '已完成' | '正常推进' | '进度滞后' | '逾期未报';

/** The dashboard's two dimensions of a task and its light, as codes (the console labels them). */
export type ReportingStatus = 'on_time' | 'late' | 'overdue';
export type ProgressStatus = 'completed' | 'on_track' | 'behind';
export type TaskLight = 'green' | 'yellow' | 'red';

export interface DashboardFilter {
  leadUnit?: string;
  category?: string;
  reporting?: ReportingStatus;
  progress?: ProgressStatus;
  light?: TaskLight;
  search?: string;
  asOf?: string;
}

export type Dashboard = Schemas['Dashboard'];
export type DashboardTask = Dashboard['sections'][number]['categories'][number]['tasks'][number];

/** A task's history as of a moment (GET /api/targets/{taskId}/history), as the API's document describes it. */
export type TargetHistory = Schemas['TargetHistory'];

export type ChainVerification = Schemas['AuditVerification'];

export type NoticeLevel = Schemas['NoticeLevel'];
export type NoticeStatus = Schemas['Notice']['status'];
export type NoticeCause = Schemas['NoticeCause'];

/** One step of a notice's history; `detail` holds the step's own words (measures, reason, new level, …). */
export type NoticeHistoryEntry = Schemas['NoticeHistoryEntry'];

/** A 督办单 as the board and its page show it. */
export type Notice = Schemas['Notice'];

/** What a notice operation answers. */
export type NoticeSummary = Schemas['NoticeSummary'];

export interface NoticeFilter {
  status?: NoticeStatus | 'open';
  level?: NoticeLevel;
  unitId?: string;
  taskId?: string;
}

/** One step of an urge's, extension's or instruction's history. */
export type DocumentHistoryEntry = Schemas['DocumentHistoryEntry'];

/** 催报: one per task and period, addressed to the task's lead units. */
export type Urge = Schemas['Urge'];
export type UrgeStatus = Urge['status'];
export type UrgeSummary = Schemas['UrgeSummary'];
export type UrgeSkipReason = Schemas['UrgeSkipReason'];
/** What one 催报 action did, task by task. */
export type UrgeOutcome = Schemas['UrgeOutcome'];

/** 延期申请 for a period's report (`period`) or a notice's response (`noticeId`). */
export type Extension = Schemas['Extension'];
export type ExtensionStatus = Extension['status'];
export type ExtensionSummary = Schemas['ExtensionSummary'];

/** The plan's 工作专班 (GET /api/plans/{planId}/task-force). */
export type TaskForce = Schemas['TaskForce'];
/** A position of the task force and its unit: what an instruction names as its author (no person). */
export type TaskForceLeaderPosition = TaskForce['convener'];
export type TaskForceLeader = TaskForceLeaderPosition['role'];

/** 领导批示, attributed to a position of the plan's task force (工作专班). */
export type Instruction = Schemas['Instruction'];
export type InstructionStatus = Instruction['status'];
export type InstructionSummary = Schemas['InstructionSummary'];

/** What the console keeps of a session (a refresh may be missing from one restored by an older console). */
export type Session = Pick<Schemas['Session'], 'accessToken' | 'user'> & Partial<Pick<Schemas['Session'], 'refreshToken'>>;

export type LoginAnswer = Schemas['LoginAnswer'];
export type TotpEnrolment = Schemas['TotpEnrolment'];
export type UnreadCount = Schemas['UnreadCount'];
export type NotificationRead = Schemas['NotificationRead'];

/** An error answer of the API (problem+json), or a network failure shown the same way. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: { field: string; message: string }[] = [],
    /** The API's machine-readable code (or the console's own: network, session_expired); see errors.ts. */
    readonly code: string = '',
  ) {
    super(`${title}: ${detail}`);
  }
}

const networkError = () => new ApiError(0, '网络错误', '无法连接服务器，请检查网络后重试', [], 'network');

interface SessionStore {
  current(): Session | null;
  replace(session: Session): void;
  /** `expired`: the API no longer takes the session (its refresh too), as against signing out. */
  end(reason?: 'expired'): void;
}

let store: SessionStore = { current: () => null, replace: () => {}, end: () => {} };

/** The console's session, which requests read their token from and a refresh renews. */
export function connectSession(next: SessionStore): void {
  store = next;
}

async function send(method: string, path: string, body?: unknown, retried = false): Promise<Response> {
  const session = store.current();
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        ...(session ? { authorization: `Bearer ${session.accessToken}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw networkError();
  }
  if (response.ok) return response;
  const problem = await response.json().catch(() => ({}));
  if (response.status === 401 && session && !path.startsWith('/api/auth/')) {
    if (!retried && session.refreshToken && (await refreshed(session.refreshToken))) return send(method, path, body, true);
    store.end('expired');
    throw new ApiError(401, problem.title ?? '', problem.detail ?? '', [], 'session_expired');
  }
  throw new ApiError(
    response.status,
    problem.title ?? `HTTP ${response.status}`,
    problem.detail ?? response.statusText,
    problem.errors ?? [],
    problem.code ?? '',
  );
}

// Pages load in parallel; when the token expires they all share one refresh.
let refreshing: Promise<boolean> | null = null;

function refreshed(refreshToken: string): Promise<boolean> {
  refreshing ??= fetch('/api/auth/refresh', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  })
    .then(async (response) => {
      if (!response.ok) return false;
      const next = (await response.json()) as Schemas['Session'];
      store.replace({ accessToken: next.accessToken, refreshToken: next.refreshToken, user: next.user });
      return true;
    })
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/** One request answered with JSON (or nothing); the admin pages' calls (admin-api.ts) use it too. */
export async function json<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await send(method, path, body);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The `rel="next"` target of a Link header, if any. */
export function nextLink(link: string | null): string | undefined {
  return link ? /<([^>]+)>;\s*rel="next"/.exec(link)?.[1] : undefined;
}

/** A list the API pages: every page, following its next links (the body of each is an array). */
export async function jsonPages<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  for (let next: string | undefined = path; next;) {
    const response = await send('GET', next);
    items.push(...((await response.json()) as T[]));
    next = nextLink(response.headers.get('link'));
  }
  return items;
}

const query = (params: Record<string, string | boolean | undefined>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
};

const id = encodeURIComponent;

/** 督查通报 (GET /api/bulletins/:id): the figures as drafted, the version in force, and (for the office) its history. */
export type Bulletin = Schemas['Bulletin'];
export type BulletinVersion = NonNullable<Bulletin['draft']>;
/** What a 督查通报 says in figures, as drafted. */
export type BulletinFigures = BulletinVersion['figures'];
export type BulletinNoticeCounts = BulletinFigures['headline']['openNotices'];

/** One entry of the notification centre (GET /api/notifications). */
export type NotificationItem = Schemas['NotificationItem'];

export const api = {
  login: (username: string, password: string) => json<LoginAnswer>('POST', '/api/auth/login', { username, password }),
  totp: (challenge: string, code: string) => json<Session>('POST', '/api/auth/totp', { challenge, code }),
  enrolTotp: (challenge: string) => json<TotpEnrolment>('POST', '/api/auth/totp/enroll', { challenge }),
  confirmTotp: (challenge: string, code: string) => json<Session>('POST', '/api/auth/totp/confirm', { challenge, code }),
  logout: (refreshToken?: string) => json<void>('POST', '/api/auth/logout', refreshToken ? { refreshToken } : {}),
  units: () => json<Unit[]>('GET', '/api/units'),
  tasks: () => json<Task[]>('GET', '/api/tasks'),
  taskForce: (planId: string) => json<TaskForce>('GET', `/api/plans/${id(planId)}/task-force`),
  reports: (filter: { taskId?: string; period?: string; status?: string; mine?: boolean } = {}) =>
    jsonPages<ReportListItem>(`/api/reports${query(filter)}`),
  report: (reportId: string) => json<Report>('GET', `/api/reports/${id(reportId)}`),
  reportingDeadlines: (period: string) => json<Schemas['ReportingDeadlines']>('GET', `/api/reporting-deadlines${query({ period })}`),
  submit: (body: Schemas['SubmitReportDto']) => json<ReportSummary>('POST', '/api/reports', body),
  resubmit: (reportId: string, body: Schemas['ResubmitReportDto']) =>
    json<ReportSummary>('POST', `/api/reports/${id(reportId)}/resubmit`, body),
  open: (reportId: string) => json<ReportSummary>('POST', `/api/reports/${id(reportId)}/open`, {}),
  countersign: (reportId: string, comment?: string) =>
    json<ReportSummary>('POST', `/api/reports/${id(reportId)}/countersign`, comment ? { comment } : {}),
  withdraw: (reportId: string) => json<ReportSummary>('POST', `/api/reports/${id(reportId)}/withdraw`, {}),
  approve: (reportId: string, comment?: string) =>
    json<ReportSummary>('POST', `/api/reports/${id(reportId)}/approve`, comment ? { comment } : {}),
  reject: (reportId: string, reason: string) => json<ReportSummary>('POST', `/api/reports/${id(reportId)}/reject`, { reason }),
  returnTo: (reportId: string, toStage: string, reason: string) =>
    json<ReportSummary>('POST', `/api/reports/${id(reportId)}/return`, { toStage, reason }),
  urge: (reportId: string, message?: string) =>
    json<ReportSummary>('POST', `/api/reports/${id(reportId)}/urge`, message ? { message } : {}),
  inbox: () => json<Inbox>('GET', '/api/inbox'),
  notifications: (unread = false) => json<NotificationItem[]>('GET', `/api/notifications${query({ unread: unread ? 'true' : undefined })}`),
  unreadNotifications: () => json<UnreadCount>('GET', '/api/notifications/unread-count'),
  readNotification: (notificationId: string) => json<NotificationRead>('POST', `/api/notifications/${id(notificationId)}/read`, {}),
  dashboard: (filter: DashboardFilter = {}) => json<Dashboard>('GET', `/api/dashboard${query({ ...filter })}`),
  /** The task as of `asOf` with the latest page of its timeline; `cursor` (an answer's `earlier`) asks for the page before. */
  targetHistory: (taskId: string, asOf?: string, cursor?: string) =>
    json<TargetHistory>('GET', `/api/targets/${id(taskId)}/history${query({ asOf, cursor })}`),
  verifyChain: () => json<ChainVerification>('GET', '/api/audit/verify'),
  notices: (filter: NoticeFilter = {}) => jsonPages<Notice>(`/api/notices${query({ ...filter })}`),
  notice: (noticeId: string) => json<Notice>('GET', `/api/notices/${id(noticeId)}`),
  issueNotice: (body: { taskId: string; level: NoticeLevel; matter: string; dueDate: string }) =>
    json<NoticeSummary>('POST', '/api/notices', body),
  acknowledgeNotice: (noticeId: string) => json<NoticeSummary>('POST', `/api/notices/${id(noticeId)}/acknowledge`, {}),
  respondNotice: (noticeId: string, body: { measures: string; expectedBy: string; evidence?: string[]; attachments?: string[] }) =>
    json<NoticeSummary>('POST', `/api/notices/${id(noticeId)}/respond`, body),
  returnNotice: (noticeId: string, reason: string) => json<NoticeSummary>('POST', `/api/notices/${id(noticeId)}/return`, { reason }),
  closeNotice: (noticeId: string, comment?: string) =>
    json<NoticeSummary>('POST', `/api/notices/${id(noticeId)}/close`, comment ? { comment } : {}),
  urgeTasks: (body: { taskIds: string[]; period: string; message?: string }) => json<UrgeOutcome>('POST', '/api/urges', body),
  urges: (filter: { period?: string; unitId?: string; status?: UrgeStatus; taskId?: string } = {}) =>
    jsonPages<Urge>(`/api/urges${query(filter)}`),
  acknowledgeUrge: (urgeId: string) => json<UrgeSummary>('POST', `/api/urges/${id(urgeId)}/acknowledge`, {}),
  requestExtension: (body: { taskId: string; period?: string; noticeId?: string; until: string; reason: string }) =>
    json<ExtensionSummary>('POST', '/api/extensions', body),
  extensions: (filter: { taskId?: string; status?: ExtensionStatus; unitId?: string } = {}) =>
    jsonPages<Extension>(`/api/extensions${query(filter)}`),
  extension: (extensionId: string) => json<Extension>('GET', `/api/extensions/${id(extensionId)}`),
  approveExtension: (extensionId: string, comment?: string) =>
    json<ExtensionSummary>('POST', `/api/extensions/${id(extensionId)}/approve`, comment ? { comment } : {}),
  refuseExtension: (extensionId: string, reason: string) =>
    json<ExtensionSummary>('POST', `/api/extensions/${id(extensionId)}/refuse`, { reason }),
  recordInstruction: (body: { taskId?: string; noticeId?: string; by: TaskForceLeader; byUnit?: string; text: string }) =>
    json<InstructionSummary>('POST', '/api/instructions', body),
  instructions: (filter: { taskId?: string; noticeId?: string; status?: InstructionStatus } = {}) =>
    jsonPages<Instruction>(`/api/instructions${query(filter)}`),
  acknowledgeInstruction: (instructionId: string) =>
    json<InstructionSummary>('POST', `/api/instructions/${id(instructionId)}/acknowledge`, {}),
  reportOnInstruction: (instructionId: string, text: string) =>
    json<InstructionSummary>('POST', `/api/instructions/${id(instructionId)}/report`, { text }),
  /**
   * Uploads one evidence file (multipart, field `file`), telling its progress. XMLHttpRequest
   * rather than fetch: only it reports upload progress.
   */
  uploadAttachment: (file: Blob & { name?: string }, onProgress: (percent: number) => void) =>
    new Promise<Attachment>((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open('POST', '/api/attachments');
      const session = store.current();
      if (session) request.setRequestHeader('authorization', `Bearer ${session.accessToken}`);
      request.upload.onprogress = (event) => event.lengthComputable && onProgress(Math.round((event.loaded / event.total) * 100));
      request.onerror = () => reject(networkError());
      request.onload = () => {
        const answer = (() => {
          try {
            return JSON.parse(request.responseText);
          } catch {
            return {};
          }
        })();
        if (request.status === 201) return resolve(answer as Attachment);
        reject(
          new ApiError(
            request.status,
            answer.title ?? `HTTP ${request.status}`,
            answer.detail ?? '',
            answer.errors ?? [],
            answer.code ?? '',
          ),
        );
      };
      const form = new FormData();
      form.append('file', file, file.name ?? '佐证材料');
      request.send(form);
    }),
  bulletins: () => json<Bulletin[]>('GET', '/api/bulletins'),
  bulletin: (bulletinId: string) => json<Bulletin>('GET', `/api/bulletins/${id(bulletinId)}`),
  draftBulletin: (period: string) => json<Bulletin>('POST', '/api/bulletins', { period }),
  editBulletinCommentary: (bulletinId: string, text: string) =>
    json<Bulletin>('POST', `/api/bulletins/${id(bulletinId)}/commentary`, { text }),
  approveBulletin: (bulletinId: string) => json<Bulletin>('POST', `/api/bulletins/${id(bulletinId)}/approve`, {}),
  readBulletin: (bulletinId: string) => json<Bulletin>('POST', `/api/bulletins/${id(bulletinId)}/read`, {}),
  /** Downloads a file the API only gives with a token, under the name the API suggests. */
  /** A file the API serves to the signed-in reader, as a blob (for a thumbnail or a preview). */
  blob: async (path: string): Promise<Blob> => (await send('GET', path)).blob(),
  download: async (path: string, fallbackName: string) => {
    const response = await send('GET', path);
    const disposition = response.headers.get('content-disposition') ?? '';
    const name = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1] ?? /filename="?([^";]+)"?/i.exec(disposition)?.[1];
    const url = URL.createObjectURL(await response.blob());
    const link = Object.assign(document.createElement('a'), { href: url, download: name ? decodeURIComponent(name) : fallbackName });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};
