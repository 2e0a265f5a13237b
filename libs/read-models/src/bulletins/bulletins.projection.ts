import { BULLETIN_EVENT_TYPES, evolveBulletin, initialBulletinState, type BulletinEvent, type BulletinState } from '@ledger/domain';
import { documentProjection } from '../documents/document-projection';

/** 督查通报 on the office's list and the units': each period's bulletin, its draft and the version in force. */
export const bulletinReadModel = documentProjection<BulletinState, BulletinEvent>({
  name: 'bulletins',
  table: 'rm_bulletins',
  handles: BULLETIN_EVENT_TYPES,
  idField: 'bulletinId',
  idOf: (event) => event.data.bulletinId,
  initial: initialBulletinState,
  evolve: evolveBulletin,
  columns: (state) =>
    state.status === 'empty'
      ? null
      : {
          plan_id: state.planId,
          period: state.period,
          status: state.status,
          published_version: state.published?.version ?? null,
          published_at: state.published?.publishedAt ?? null,
        },
});

export const bulletinsProjection = bulletinReadModel.projection;
