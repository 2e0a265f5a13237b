import type { Actor } from '../actors';
import { mayDo, type DocumentChain } from '../document-chain';
import { refuse, textProblems } from '../document-checks';
import type { ApproveBulletin, BulletinCommand, DraftBulletin, EditBulletinCommentary, ReadBulletin } from './commands';
import { DEFAULT_BULLETIN_CHAIN, type BulletinChainAction } from './chain';
import type { BulletinEvent } from './events';
import { latestVersion, type BulletinState } from './state';

/** The commentary of a bulletin may be longer than a document's other texts: it is the bulletin's prose. */
export const MAX_COMMENTARY = 5000;

/** 督查通报's rules: which events a command produces in a state, or why it is refused. */
export function decideBulletin(
  command: BulletinCommand,
  state: BulletinState,
  chain: DocumentChain<BulletinChainAction> = DEFAULT_BULLETIN_CHAIN,
): BulletinEvent[] {
  switch (command.type) {
    case 'DraftBulletin':
      return draft(command, state, chain);
    case 'EditBulletinCommentary':
      return edit(command, state, chain);
    case 'ApproveBulletin':
      return approve(command, state, chain);
    case 'ReadBulletin':
      return read(command, state, chain);
    default:
      return assertNever(command);
  }
}

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * A draft, or a new draft of the same period: it replaces a draft not yet signed off, and a
 * published version stays in force until the new one is signed off (a correction is a new
 * version, never a change to what was sent). The commentary so far is carried over.
 */
function draft(command: DraftBulletin, state: BulletinState, chain: DocumentChain<BulletinChainAction>): BulletinEvent[] {
  if (!mayDo(chain, 'draft', command.actor))
    throw refuse('forbidden', 'only the task force office drafts the bulletin / 仅工作专班办公室可起草督查通报');
  if (!PERIOD.test(command.period))
    throw refuse('invalid_input', 'the period is not valid / 期间格式有误', [{ field: 'period', message: 'YYYY-MM' }]);
  if (command.memberUnits.length === 0)
    throw refuse('invalid_input', 'the task force has no member units / 工作专班无成员单位', [
      { field: 'period', message: 'the plan names no 成员单位' },
    ]);
  const commentary = state.status === 'draft' ? state.draft.commentary : state.status === 'published' ? state.published.commentary : '';
  return [
    {
      type: 'BulletinDrafted',
      data: {
        bulletinId: command.bulletinId,
        at: command.now,
        planId: command.planId,
        period: command.period,
        version: latestVersion(state) + 1,
        figures: command.figures,
        memberUnits: command.memberUnits,
        commentary,
      },
    },
  ];
}

function openDraft(state: BulletinState, what: string) {
  if (state.status === 'empty') throw refuse('invalid_state', 'no such bulletin / 督查通报不存在');
  if (state.status !== 'draft')
    throw refuse('invalid_state', `the bulletin is published; draft a new version to ${what} / 督查通报已签发，如需更正请重新起草`);
  return state;
}

function edit(command: EditBulletinCommentary, current: BulletinState, chain: DocumentChain<BulletinChainAction>): BulletinEvent[] {
  if (!mayDo(chain, 'edit', command.actor))
    throw refuse('forbidden', 'only the task force office edits the commentary / 仅工作专班办公室可编辑通报意见');
  const state = openDraft(current, 'change it');
  const problems = textProblems('text', command.text, false, MAX_COMMENTARY);
  if (problems.length > 0) throw refuse('invalid_input', 'the commentary is not valid / 通报意见有误', problems);
  const text = command.text.trim();
  if (text === state.draft.commentary) return [];
  return [
    { type: 'BulletinCommentaryEdited', data: { bulletinId: state.bulletinId, at: command.now, version: state.draft.version, text } },
  ];
}

/** 签发 publishes the draft exactly as it stands: its figures, its commentary, its units. */
function approve(command: ApproveBulletin, current: BulletinState, chain: DocumentChain<BulletinChainAction>): BulletinEvent[] {
  if (!mayDo(chain, 'approve', command.actor))
    throw refuse('forbidden', 'only the head of the task force office signs the bulletin off / 仅工作专班办公室负责人可签发');
  const state = openDraft(current, 'publish a correction');
  const { version, figures, commentary, memberUnits } = state.draft;
  return [
    {
      type: 'BulletinPublished',
      data: {
        bulletinId: state.bulletinId,
        at: command.now,
        version,
        figures,
        commentary,
        memberUnits,
        ...(state.published ? { supersedes: state.published.version } : {}),
      },
    },
  ];
}

/** 已阅, by a member unit the published version went to; once per version. */
function read(command: ReadBulletin, state: BulletinState, chain: DocumentChain<BulletinChainAction>): BulletinEvent[] {
  if (state.status === 'empty' || !state.published) throw refuse('invalid_state', 'the bulletin is not published / 督查通报尚未签发');
  const { published } = state;
  if (!mayDo(chain, 'read', command.actor) || !memberOf(command.actor, published.memberUnits))
    throw refuse('forbidden', 'only a member unit the bulletin went to marks it read / 仅工作专班成员单位可标记已阅');
  if (published.readBy.some((r) => r.unitId === command.actor.unitId)) return []; // read already: reading again changes nothing
  return [
    {
      type: 'BulletinRead',
      data: { bulletinId: state.bulletinId, at: command.now, version: published.version, unitId: command.actor.unitId! },
    },
  ];
}

const memberOf = (actor: Actor, units: readonly string[]) => actor.unitId !== null && units.includes(actor.unitId);

function assertNever(value: never): never {
  throw new Error(`unexpected bulletin command: ${JSON.stringify(value)}`);
}
