import type { Actor } from '../actors';
import { documentSpec } from '../testing/document-spec';
import type { BulletinCommand, DraftBulletin } from './commands';
import { decideBulletin } from './decide';
import type { BulletinEvent, BulletinFigures } from './events';
import { evolveBulletin, initialBulletinState } from './state';

const given = documentSpec({ initial: initialBulletinState, evolve: evolveBulletin, decide: decideBulletin });
const coordinator: Actor = { actorId: 'u-coord', role: 'coordinator', unitId: null };
const office: Actor = { actorId: 'u-office', role: 'office', unitId: null };
const edu: Actor = { actorId: 'u-edu', role: 'submitter', unitId: 'edu' };
const hrss: Actor = { actorId: 'u-hrss', role: 'submitter', unitId: 'hrss' };
const outsider: Actor = { actorId: 'u-x', role: 'submitter', unitId: 'not-a-member' };
const now = '2025-07-26T02:00:00.000Z';
const id = 'bulletin-p-2025-06';

const figures = (schedulePercent: number): BulletinFigures => ({
  plan: { id: 'p', title: '民生实事', year: 2025 },
  period: '2025-06',
  asOf: '2025-07-25T16:00:00.000Z',
  schedulePercent,
  headline: { tasks: 2, completed: 0, onTrack: 1, behind: 1, overdue: 0, openNotices: { blue: 0, yellow: 0, red: 1, total: 1 } },
  categories: [],
  units: [],
  laggingTasks: [],
  redNotices: [],
  instructions: [],
});
const draft = (overrides: Partial<DraftBulletin> = {}): BulletinCommand => ({
  type: 'DraftBulletin',
  actor: coordinator,
  now,
  bulletinId: id,
  planId: 'p',
  period: '2025-06',
  figures: figures(56.7),
  memberUnits: ['edu', 'hrss'],
  ...overrides,
});
const drafted = (version: number, commentary = '', schedulePercent = 56.7): BulletinEvent => ({
  type: 'BulletinDrafted',
  data: {
    bulletinId: id,
    at: now,
    planId: 'p',
    period: '2025-06',
    version,
    figures: figures(schedulePercent),
    memberUnits: ['edu', 'hrss'],
    commentary,
  },
});
const edited = (version: number, text: string): BulletinEvent => ({
  type: 'BulletinCommentaryEdited',
  data: { bulletinId: id, at: now, version, text },
});
const published = (version: number, commentary: string, schedulePercent = 56.7, supersedes?: number): BulletinEvent => ({
  type: 'BulletinPublished',
  data: {
    bulletinId: id,
    at: now,
    version,
    figures: figures(schedulePercent),
    commentary,
    memberUnits: ['edu', 'hrss'],
    ...(supersedes === undefined ? {} : { supersedes }),
  },
});
const read = (version: number, unitId: string): BulletinEvent => ({
  type: 'BulletinRead',
  data: { bulletinId: id, at: now, version, unitId },
});

describe('a bulletin (督查通报)', () => {
  describe('before it is drafted', () => {
    it('is drafted by the coordinator with the figures and the member units it goes to', () =>
      given()
        .when(draft())
        .then([drafted(1)]));

    it('is not drafted by a unit or the office, nor for a period that is not one, nor for nobody', () => {
      given()
        .when(draft({ actor: edu }))
        .thenRefused('forbidden');
      given()
        .when(draft({ actor: office }))
        .thenRefused('forbidden');
      given()
        .when(draft({ period: '2025-13' }))
        .thenRefused('invalid_input', 'period');
      given()
        .when(draft({ memberUnits: [] }))
        .thenRefused('invalid_input', 'period');
    });

    it('cannot be edited, signed off or read', () => {
      given().when({ type: 'EditBulletinCommentary', actor: coordinator, now, text: 'x' }).thenRefused('invalid_state');
      given().when({ type: 'ApproveBulletin', actor: office, now }).thenRefused('invalid_state');
      given().when({ type: 'ReadBulletin', actor: edu, now }).thenRefused('invalid_state');
    });
  });

  describe('drafted', () => {
    it('takes the coordinator’s commentary, trimmed; the same text again changes nothing', () => {
      given(drafted(1))
        .when({ type: 'EditBulletinCommentary', actor: coordinator, now, text: ' 6月总体平稳。 ' })
        .then([edited(1, '6月总体平稳。')]);
      given(drafted(1), edited(1, '6月总体平稳。'))
        .when({ type: 'EditBulletinCommentary', actor: coordinator, now, text: '6月总体平稳。' })
        .then([]);
      given(drafted(1))
        .when({ type: 'EditBulletinCommentary', actor: coordinator, now, text: '长'.repeat(5001) })
        .thenRefused('invalid_input', 'text');
      given(drafted(1)).when({ type: 'EditBulletinCommentary', actor: edu, now, text: 'x' }).thenRefused('forbidden');
    });

    it('is signed off (签发) by the office only, publishing it exactly as it stands', () => {
      given(drafted(1), edited(1, '总体平稳'))
        .when({ type: 'ApproveBulletin', actor: office, now })
        .then([published(1, '总体平稳')]);
      given(drafted(1)).when({ type: 'ApproveBulletin', actor: coordinator, now }).thenRefused('forbidden');
      given(drafted(1)).when({ type: 'ApproveBulletin', actor: edu, now }).thenRefused('forbidden');
    });

    it('is not read by the units before it is signed off', () =>
      given(drafted(1)).when({ type: 'ReadBulletin', actor: edu, now }).thenRefused('invalid_state'));

    it('drafted again replaces the draft as a new version, keeping the commentary', () =>
      given(drafted(1), edited(1, '总体平稳'))
        .when(draft({ figures: figures(60) }))
        .then([drafted(2, '总体平稳', 60)]));
  });

  describe('published', () => {
    const history = [drafted(1), edited(1, '总体平稳'), published(1, '总体平稳')];

    it('is signed off once: a second approval is refused', () =>
      given(...history)
        .when({ type: 'ApproveBulletin', actor: office, now })
        .thenRefused('invalid_state'));

    it('can no longer be edited', () =>
      given(...history)
        .when({ type: 'EditBulletinCommentary', actor: coordinator, now, text: '改' })
        .thenRefused('invalid_state'));

    it('is marked read (已阅) once by each member unit, by no one else', () => {
      given(...history)
        .when({ type: 'ReadBulletin', actor: edu, now })
        .then([read(1, 'edu')]);
      given(...history, read(1, 'edu'))
        .when({ type: 'ReadBulletin', actor: edu, now })
        .then([]);
      given(...history)
        .when({ type: 'ReadBulletin', actor: outsider, now })
        .thenRefused('forbidden');
      given(...history)
        .when({ type: 'ReadBulletin', actor: coordinator, now })
        .thenRefused('forbidden');
      const state = given(...history, read(1, 'edu'), read(1, 'hrss')).state;
      expect(state.status === 'published' && state.published.readBy.map((r) => r.unitId)).toEqual(['edu', 'hrss']);
    });

    it('is corrected by a new version: the published one stays in force until the correction is signed off', () => {
      const corrected = given(...history, read(1, 'edu'), drafted(2, '总体平稳', 60));
      expect(corrected.state.status).toBe('draft');
      expect(corrected.state.status !== 'empty' && corrected.state.published?.version).toBe(1);
      // The units still read what was sent to them.
      corrected.when({ type: 'ReadBulletin', actor: hrss, now }).then([read(1, 'hrss')]);
      given(...history, read(1, 'edu'), drafted(2, '总体平稳', 60))
        .when({ type: 'ApproveBulletin', actor: office, now })
        .then([published(2, '总体平稳', 60, 1)]);
      const republished = given(...history, read(1, 'edu'), drafted(2, '总体平稳', 60), published(2, '总体平稳', 60, 1)).state;
      expect(republished.status === 'published' && republished.published).toMatchObject({ version: 2, readBy: [] });
      expect(republished.status === 'published' && republished.superseded).toEqual([{ version: 1, publishedAt: now }]);
    });
  });
});
