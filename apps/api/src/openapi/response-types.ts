// The API's answers under the names its OpenAPI document gives them. Each is the type a handler
// (or controller method) is declared to return, named here rather than written again:
// `npm run api:types` turns these into response-schemas.json (see response-schemas.ts), and
// document.ts attaches them to the operations of OPERATION_RESPONSES. Only what the API sends as
// JSON belongs here; files and empty answers are documented elsewhere.
import type { AccountView } from '@ledger/accounts';
import type { AuditVerification as ChainAndEvidence } from '@ledger/attachments';
import type {
  AttachmentRef,
  ExtensionSummary as ExtensionAnswer,
  InstructionSummary as InstructionAnswer,
  NoticeSummary as NoticeAnswer,
  ReportSummary as ReportAnswer,
  UrgeSummary as UrgeAnswer,
} from '@ledger/domain';
import type {
  AccountUnlocked as UnlockAnswer,
  AdminUnitView,
  DirectoryEntry as DirectoryAnswer,
  SecurityEventView,
  UnitRenamed as RenameAnswer,
} from '../admin/commands';
import type { EnrolmentConfirmed as ConfirmAnswer, SignedInAccount as MeAnswer } from '../auth/auth.controller';
import type { Session as SessionAnswer, SignInAnswer as LoginAnswerType, TotpEnrolment as EnrolmentAnswer } from '../auth/sign-in';
import type { TaskView, UnitView } from '../catalog/queries';
import type { ChannelView } from '../channels/channels';
import type { ExtensionView } from '../extensions/extensions';
import type { InboxPage } from '../inbox/queries';
import type { InstructionView } from '../instructions/instructions';
import type { NoticeView } from '../notices/notices';
import type { NotificationRead as ReadAnswer, NotificationView, UnreadCount as UnreadAnswer } from '../notifications/notifications';
import type { ReportListItem as ReportRow, ReportView } from '../reports/queries';
import type { UrgeOutcome as UrgeTasksAnswer, UrgeView } from '../urges/urges';

export type Session = SessionAnswer;
export type LoginAnswer = LoginAnswerType;
export type TotpEnrolment = EnrolmentAnswer;
export type EnrolmentConfirmed = ConfirmAnswer;
export type SignedInAccount = MeAnswer;
export type Unit = UnitView;
export type Task = TaskView;
export type Report = ReportView;
export type ReportListItem = ReportRow;
export type ReportSummary = ReportAnswer;
export type Inbox = InboxPage;
export type NotificationItem = NotificationView;
export type UnreadCount = UnreadAnswer;
export type NotificationRead = ReadAnswer;
export type Notice = NoticeView;
export type NoticeSummary = NoticeAnswer;
export type Urge = UrgeView;
export type UrgeSummary = UrgeAnswer;
export type UrgeOutcome = UrgeTasksAnswer;
export type Extension = ExtensionView;
export type ExtensionSummary = ExtensionAnswer;
export type Instruction = InstructionView;
export type InstructionSummary = InstructionAnswer;
export type Attachment = AttachmentRef;
export type AuditVerification = ChainAndEvidence;
export type Account = AccountView;
export type AccountUnlocked = UnlockAnswer;
export type DirectoryEntry = DirectoryAnswer;
export type SecurityEvent = SecurityEventView;
export type AdminUnit = AdminUnitView;
export type UnitRenamed = RenameAnswer;
export type Channel = ChannelView;
