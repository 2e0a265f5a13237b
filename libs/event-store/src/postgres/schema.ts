import type { Migration } from '@ledger/postgres';

/** The role the application's login roles are members of; it may read and append, never rewrite. */
export const APP_ROLE = 'ledger_app';

/** Channel notified (with the last position) whenever an append commits. */
export const EVENTS_CHANNEL = 'ledger_events';

/** Advisory lock key held while positions are assigned (see `ledger_append`). */
export const APPEND_LOCK = 0x1ed9e7;

export const EVENT_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events table, append-only',
    sql: `
      create table events (
        position bigint primary key,
        stream_id text not null,
        version integer not null,
        event_id uuid not null unique,
        type text not null,
        data jsonb not null,
        metadata jsonb not null,
        recorded_at timestamptz not null,
        prev_hash char(64) not null,
        hash char(64) not null,
        unique (stream_id, version)
      );
      create index events_recorded_at on events (recorded_at);

      -- The log is append-only: no role, not even the owner, may rewrite it.
      create function events_are_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'events are append-only: % refused', tg_op using errcode = 'insufficient_privilege';
      end $$;
      create trigger events_no_update before update or delete on events
        for each row execute function events_are_append_only();
      create trigger events_no_truncate before truncate on events
        for each statement execute function events_are_append_only();
    `,
  },
  {
    version: 2,
    name: 'application role: read and append only',
    // Roles belong to the cluster, not the database: another database of the same cluster may
    // have created it already, possibly at this very moment. A migrating role without CREATEROLE
    // leaves the role to the DBA and grants only when it exists.
    sql: `
      do $$
      begin
        if not exists (select 1 from pg_roles where rolname = '${APP_ROLE}') then
          begin
            create role ${APP_ROLE} nologin;
          exception
            when duplicate_object or unique_violation then null;
            when insufficient_privilege then
              raise notice 'role ${APP_ROLE} not created (no CREATEROLE): create it and grant select, insert on events';
          end;
        end if;
        revoke update, delete, truncate on events from public;
        if exists (select 1 from pg_roles where rolname = '${APP_ROLE}') then
          execute format('grant usage on schema %I to ${APP_ROLE}', current_schema());
          grant select, insert on events to ${APP_ROLE};
        end if;
      end $$;
    `,
  },
  {
    version: 3,
    name: 'ledger_append: lock, check and insert in one statement',
    // Several appends (coalesced by the adapter) in one call and one transaction. Each append is
    // checked on its own (idempotency, expected version) and either written whole or reported,
    // so one conflict does not fail its neighbours. Positions are last + 1 under the advisory
    // lock, which is released only at commit: commit order is position order, without gaps.
    // The hashes are computed here, where position and previous hash are known, over the
    // payload exactly as stored: jsonb's text form is canonical (keys ordered, one spelling per
    // value), so verify recomputes it from the row alone, in SQL, with the same functions.
    sql: `
      -- sha256 of the payload as stored: data and metadata in jsonb's text form, U+001F between
      -- (JSON text never holds a raw U+001F, so the split is unambiguous).
      create function ledger_payload_hash(p_data jsonb, p_metadata jsonb)
      returns text language sql immutable parallel safe as $$
        select encode(sha256(convert_to(p_data::text || chr(31) || p_metadata::text, 'UTF8')), 'hex')
      $$;
      -- hash = sha256(prev_hash ‖ position ‖ stream ‖ version ‖ type ‖ eventId ‖ payload hash), ‖ = U+001F
      create function ledger_chain_hash(p_prev text, p_position bigint, p_stream text, p_version integer, p_type text,
                                        p_event_id uuid, p_payload_hash text)
      returns text language sql immutable parallel safe as $$
        select encode(sha256(convert_to(concat_ws(chr(31), p_prev, p_position::text, p_stream, p_version::text, p_type,
          p_event_id::text, p_payload_hash), 'UTF8')), 'hex')
      $$;

      create function ledger_append(
        p_streams text[],
        p_expected integer[],
        p_counts integer[],
        p_event_ids uuid[],
        p_types text[],
        p_data jsonb[],
        p_metadata jsonb[],
        p_recorded_at timestamptz
      ) returns table (r_outcome text, r_version integer, r_positions bigint[], r_event_id uuid)
      language plpgsql as $$
      declare
        v_appends integer := coalesce(array_length(p_streams, 1), 0);
        v_last_position bigint;
        v_last_hash text;
        v_fast boolean;
        v_versions integer[];
        v_offset integer := 0;
        v_count integer;
        v_current integer;
        v_stored integer;
        v_same boolean;
        v_positions bigint[];
        v_payload_hashes text[];
        v_written boolean := false;
        -- Rows waiting to be inserted, column by column.
        w_n integer := 0;
        w_position bigint[] := '{}';
        w_stream text[] := '{}';
        w_version integer[] := '{}';
        w_id uuid[] := '{}';
        w_type text[] := '{}';
        w_data jsonb[] := '{}';
        w_metadata jsonb[] := '{}';
        w_prev text[] := '{}';
        w_hash text[] := '{}';
      begin
        -- Payload hashes need no position: computed before the lock, so writers on other
        -- connections hash in parallel and the lock covers only the chain step and the insert.
        select array_agg(ledger_payload_hash(d, m) order by i) into v_payload_hashes
          from unnest(p_data, p_metadata) with ordinality as u(d, m, i);
        perform pg_advisory_xact_lock(${APPEND_LOCK});
        select e.position, e.hash into v_last_position, v_last_hash from events e order by e.position desc limit 1;
        if not found then
          v_last_position := 0;
          v_last_hash := repeat('0', 64);
        end if;

        -- The common case: no event id of this call is stored or repeated. Then every stream's
        -- version is read at once and all rows are inserted by one statement at the end. Otherwise
        -- each append is checked against the table and inserted before the next one is looked at.
        v_fast := not exists (select 1 from events e where e.event_id = any(p_event_ids))
                  and (select count(distinct id) from unnest(p_event_ids) as id) = coalesce(array_length(p_event_ids, 1), 0);
        if v_fast then
          select array_agg(coalesce((select max(e.version) from events e where e.stream_id = u.s), 0) order by u.i)
            into v_versions from unnest(p_streams) with ordinality as u(s, i);
        end if;

        for a in 1 .. v_appends loop
          v_count := p_counts[a];
          r_outcome := null;
          r_version := null;
          r_positions := null;
          r_event_id := null;

          if v_fast then
            v_current := v_versions[a];
          else
            select count(*) into v_stored from events e where e.event_id = any(p_event_ids[v_offset + 1 : v_offset + v_count]);
            if v_stored > 0 then
              select coalesce(bool_and(e.stream_id = p_streams[a] and e.type = x.type and e.data = x.data
                                       and (e.metadata - 'recordedAt') = (x.metadata - 'recordedAt')), true),
                     array_agg(e.position order by x.i),
                     max(e.version)
                into v_same, v_positions, v_current
                from unnest(p_event_ids[v_offset + 1 : v_offset + v_count], p_types[v_offset + 1 : v_offset + v_count],
                            p_data[v_offset + 1 : v_offset + v_count], p_metadata[v_offset + 1 : v_offset + v_count])
                       with ordinality as x(id, type, data, metadata, i)
                join events e on e.event_id = x.id;
              if v_stored = v_count and v_same then
                r_outcome := 'duplicate';
                r_version := v_current;
                r_positions := v_positions;
              else
                r_outcome := 'reused';
                select x.id into r_event_id
                  from unnest(p_event_ids[v_offset + 1 : v_offset + v_count], p_types[v_offset + 1 : v_offset + v_count],
                              p_data[v_offset + 1 : v_offset + v_count], p_metadata[v_offset + 1 : v_offset + v_count])
                         with ordinality as x(id, type, data, metadata, i)
                  left join events e on e.event_id = x.id
                 where e.position is null or e.stream_id <> p_streams[a] or e.type <> x.type or e.data <> x.data
                    or (e.metadata - 'recordedAt') <> (x.metadata - 'recordedAt')
                 order by x.i limit 1;
              end if;
            else
              select coalesce(max(e.version), 0) into v_current from events e where e.stream_id = p_streams[a];
            end if;
          end if;

          if r_outcome is null then
            if p_expected[a] >= 0 and p_expected[a] <> v_current then
              r_outcome := 'conflict';
              r_version := v_current;
            else
              v_positions := '{}';
              for i in 1 .. v_count loop
                v_last_position := v_last_position + 1;
                w_n := w_n + 1;
                w_position[w_n] := v_last_position;
                w_stream[w_n] := p_streams[a];
                w_version[w_n] := v_current + i;
                w_id[w_n] := p_event_ids[v_offset + i];
                w_type[w_n] := p_types[v_offset + i];
                w_data[w_n] := p_data[v_offset + i];
                w_metadata[w_n] := p_metadata[v_offset + i];
                w_prev[w_n] := v_last_hash;
                v_last_hash := ledger_chain_hash(v_last_hash, v_last_position, p_streams[a], v_current + i,
                  p_types[v_offset + i], p_event_ids[v_offset + i], v_payload_hashes[v_offset + i]);
                w_hash[w_n] := v_last_hash;
                v_positions[i] := v_last_position;
              end loop;
              r_outcome := 'written';
              r_version := v_current + v_count;
              r_positions := v_positions;
              v_written := true;
              if v_fast then
                for b in a + 1 .. v_appends loop
                  if p_streams[b] = p_streams[a] then
                    v_versions[b] := r_version;
                  end if;
                end loop;
              end if;
            end if;
          end if;

          if w_n > 0 and (not v_fast or a = v_appends) then
            insert into events (position, stream_id, version, event_id, type, data, metadata, recorded_at, prev_hash, hash)
            select w.position, w.stream, w.version, w.id, w.type, w.data, w.metadata, p_recorded_at, w.prev, w.hash
              from unnest(w_position, w_stream, w_version, w_id, w_type, w_data, w_metadata, w_prev, w_hash)
                     as w(position, stream, version, id, type, data, metadata, prev, hash);
            w_n := 0;
            w_position := '{}';
            w_stream := '{}';
            w_version := '{}';
            w_id := '{}';
            w_type := '{}';
            w_data := '{}';
            w_metadata := '{}';
            w_prev := '{}';
            w_hash := '{}';
          end if;

          v_offset := v_offset + v_count;
          return next;
        end loop;

        if v_written then
          perform pg_notify('${EVENTS_CHANNEL}', v_last_position::text);
        end if;
      end $$;
    `,
  },
  {
    version: 4,
    name: 'payload kept as the text that was hashed; leaner ledger_append',
    // data and metadata become json: the text the adapter sent (canonical JSON, keys sorted) is
    // stored verbatim, so the payload hash is taken over exactly what a reader gets back, and
    // neither an append, a read nor verify renders jsonb. Rows written before keep the text
    // jsonb gave them, which is the text their hash was taken over, so the chain still verifies.
    //
    // ledger_append keeps its contract (each append checked on its own, written whole or
    // reported). The common case is tried first: stream versions read at once, every row
    // inserted by one statement, the unique index on event_id telling whether an id was stored
    // already or repeated; only then is each append checked against the table on its own.
    sql: `
      drop function ledger_append(text[], integer[], integer[], uuid[], text[], jsonb[], jsonb[], timestamptz);
      drop function ledger_payload_hash(jsonb, jsonb);
      alter table events alter column data type json using data::json,
                         alter column metadata type json using metadata::json;

      -- Declared stable, as their bodies are (convert_to and concat_ws are stable): a SQL
      -- function more volatile inside than declared is never inlined, and called instead of
      -- inlined each hash cost four times as much.
      alter function ledger_chain_hash(text, bigint, text, integer, text, uuid, text) stable;
      create function ledger_payload_hash(p_data json, p_metadata json)
      returns text language sql stable parallel safe as $$
        select encode(sha256(convert_to(p_data::text || chr(31) || p_metadata::text, 'UTF8')), 'hex')
      $$;

      create function ledger_append(
        p_streams text[],
        p_expected integer[],
        p_counts integer[],
        p_event_ids uuid[],
        p_types text[],
        p_data json[],
        p_metadata json[],
        p_recorded_at timestamptz
      ) returns table (r_outcome text, r_version integer, r_positions bigint[], r_event_id uuid)
      language plpgsql as $$
      declare
        v_appends integer := coalesce(array_length(p_streams, 1), 0);
        v_events integer := coalesce(array_length(p_event_ids, 1), 0);
        -- Local arrays are kept expanded: reading element i does not walk the ones before it.
        v_types text[] := p_types;
        v_payload_hashes text[];
        v_offsets integer[];
        v_tip_position bigint;
        v_tip_hash text;
        v_last_position bigint;
        v_last_hash text;
        v_fast boolean := true;
        v_retry boolean := false;
        v_current integer[];
        v_version integer;
        v_ids uuid[];
        v_stored integer;
        v_outcomes text[];
        v_versions integer[];
        v_firsts bigint[];
        v_reused uuid[];
        -- The rows to insert, one entry per event of the call (null: not written).
        e_position bigint[];
        e_stream text[];
        e_version integer[];
        e_prev text[];
        e_hash text[];
        i integer;
      begin
        -- Payload hashes need no position: computed before the lock, so writers on other
        -- connections hash in parallel and the lock covers only the chain and the insert.
        select array_agg(ledger_payload_hash(d, m) order by n) into v_payload_hashes
          from unnest(p_data, p_metadata) with ordinality as u(d, m, n);
        v_offsets := array_fill(0, array[v_appends]);
        for a in 2 .. v_appends loop
          v_offsets[a] := v_offsets[a - 1] + p_counts[a - 1];
        end loop;
        -- An id twice in one call is a retry coalesced with its original: the careful way.
        v_fast := not exists (select 1 from unnest(p_event_ids) as id group by id having count(*) > 1);

        perform pg_advisory_xact_lock(${APPEND_LOCK});
        select e.position, e.hash into v_tip_position, v_tip_hash from events e order by e.position desc limit 1;
        if not found then
          v_tip_position := 0;
          v_tip_hash := repeat('0', 64);
        end if;

        <<attempt>>
        loop
          v_last_position := v_tip_position;
          v_last_hash := v_tip_hash;
          v_outcomes := array_fill(null::text, array[v_appends]);
          v_versions := array_fill(null::integer, array[v_appends]);
          v_firsts := array_fill(null::bigint, array[v_appends]);
          v_reused := array_fill(null::uuid, array[v_appends]);
          e_position := array_fill(null::bigint, array[v_events]);
          e_stream := array_fill(null::text, array[v_events]);
          e_version := array_fill(null::integer, array[v_events]);
          e_prev := array_fill(null::text, array[v_events]);
          e_hash := array_fill(null::text, array[v_events]);
          if v_fast then
            select array_agg(coalesce((select max(e.version) from events e where e.stream_id = u.s), 0) order by u.i)
              into v_current from unnest(p_streams) with ordinality as u(s, i);
          end if;

          begin
            <<appends>>
            for a in 1 .. v_appends loop
              v_ids := p_event_ids[v_offsets[a] + 1 : v_offsets[a] + p_counts[a]];
              v_stored := 0;
              if v_fast then
                v_version := v_current[a];
              else
                select count(*) into v_stored from events e where e.event_id = any(v_ids);
                select coalesce(max(e.version), 0) into v_version from events e where e.stream_id = p_streams[a];
              end if;

              if v_stored > 0 then
                -- A duplicate when every event is stored with the same stream, type and payload
                -- (equal as JSON: rows from before json storage keep jsonb's spelling; recordedAt
                -- aside, a retry is stamped anew); else the first that is not names the reuse.
                v_reused[a] := (
                  select x.id
                    from unnest(v_ids, p_types[v_offsets[a] + 1 : v_offsets[a] + p_counts[a]],
                                p_data[v_offsets[a] + 1 : v_offsets[a] + p_counts[a]],
                                p_metadata[v_offsets[a] + 1 : v_offsets[a] + p_counts[a]])
                           with ordinality as x(id, type, data, metadata, n)
                    left join events e on e.event_id = x.id
                   where e.position is null or e.stream_id <> p_streams[a] or e.type <> x.type
                      or e.data::jsonb <> x.data::jsonb
                      or (e.metadata::jsonb - 'recordedAt') <> (x.metadata::jsonb - 'recordedAt')
                   order by x.n limit 1);
                if v_reused[a] is null then
                  v_outcomes[a] := 'duplicate';
                  v_versions[a] := (select max(e.version) from events e where e.event_id = any(v_ids));
                else
                  v_outcomes[a] := 'reused';
                end if;
              elsif p_expected[a] >= 0 and p_expected[a] <> v_version then
                -- A retry of a stored append meets its own events: the careful attempt tells.
                if v_fast and exists (select 1 from events e where e.event_id = any(v_ids)) then
                  v_retry := true;
                  exit appends;
                end if;
                v_outcomes[a] := 'conflict';
                v_versions[a] := v_version;
              else
                v_outcomes[a] := 'written';
                v_versions[a] := v_version + p_counts[a];
                v_firsts[a] := v_last_position + 1;
                for k in 1 .. p_counts[a] loop
                  i := v_offsets[a] + k;
                  v_last_position := v_last_position + 1;
                  e_position[i] := v_last_position;
                  e_stream[i] := p_streams[a];
                  e_version[i] := v_version + k;
                  e_prev[i] := v_last_hash;
                  v_last_hash := ledger_chain_hash(v_last_hash, v_last_position, p_streams[a], v_version + k, v_types[i],
                                                   p_event_ids[i], v_payload_hashes[i]);
                  e_hash[i] := v_last_hash;
                end loop;
                for b in a + 1 .. v_appends loop
                  if p_streams[b] = p_streams[a] then
                    v_current[b] := v_versions[a];
                  end if;
                end loop;
              end if;

              -- The fast attempt writes once, after the last append; the careful one writes each
              -- append before the next is checked, which may repeat its ids.
              if not v_fast or a = v_appends then
                insert into events (position, stream_id, version, event_id, type, data, metadata, recorded_at, prev_hash, hash)
                select x.position, x.stream, x.version, x.id, x.type, x.data, x.metadata, p_recorded_at, x.prev, x.hash
                  from unnest(e_position, e_stream, e_version, p_event_ids, p_types, p_data, p_metadata, e_prev, e_hash)
                         as x(position, stream, version, id, type, data, metadata, prev, hash)
                 where x.position is not null;
                if not v_fast and v_outcomes[a] = 'written' then
                  e_position := array_fill(null::bigint, array[v_events]);
                end if;
              end if;
            end loop;
          exception when unique_violation then
            if not v_fast then
              raise;
            end if;
            v_retry := true;
          end;
          exit attempt when not v_retry;
          v_fast := false;
          v_retry := false;
        end loop;

        for a in 1 .. v_appends loop
          r_outcome := v_outcomes[a];
          r_version := v_versions[a];
          r_event_id := v_reused[a];
          r_positions := case r_outcome
            when 'written' then array(select generate_series(v_firsts[a], v_firsts[a] + p_counts[a] - 1))
            when 'duplicate' then (
              select array_agg(e.position order by x.n)
                from unnest(p_event_ids[v_offsets[a] + 1 : v_offsets[a] + p_counts[a]]) with ordinality as x(id, n)
                join events e on e.event_id = x.id)
          end;
          return next;
        end loop;

        if v_last_position > v_tip_position then
          perform pg_notify('${EVENTS_CHANNEL}', v_last_position::text);
        end if;
      end $$;

      -- One append, as most calls are: the same outcome as ledger_append for the common case
      -- (expected version met, no id stored before), with a fraction of its statements. Anything
      -- else (a conflict, which may be a retry; a stored id) is handed to ledger_append, under the
      -- same lock.
      create function ledger_append_one(
        p_stream text,
        p_expected integer,
        p_event_ids uuid[],
        p_types text[],
        p_data json[],
        p_metadata json[],
        p_recorded_at timestamptz
      ) returns table (r_outcome text, r_version integer, r_positions bigint[], r_event_id uuid)
      language plpgsql as $$
      declare
        v_count integer := array_length(p_event_ids, 1);
        v_payload_hashes text[];
        v_first bigint;
        v_hash text;
        v_version integer;
        e_position bigint[] := '{}';
        e_version integer[] := '{}';
        e_prev text[] := '{}';
        e_hash text[] := '{}';
      begin
        v_payload_hashes := array(select ledger_payload_hash(d, m) from unnest(p_data, p_metadata) with ordinality as u(d, m, n)
                                   order by n);
        perform pg_advisory_xact_lock(${APPEND_LOCK});
        select e.position, e.hash into v_first, v_hash from events e order by e.position desc limit 1;
        v_first := coalesce(v_first, 0) + 1;
        v_hash := coalesce(v_hash, repeat('0', 64));
        select coalesce(max(e.version), 0) into v_version from events e where e.stream_id = p_stream;
        if p_expected >= 0 and p_expected <> v_version then
          return query select * from ledger_append(array[p_stream], array[p_expected], array[v_count], p_event_ids, p_types,
                                                   p_data, p_metadata, p_recorded_at);
          return;
        end if;
        for k in 1 .. v_count loop
          e_position[k] := v_first + k - 1;
          e_version[k] := v_version + k;
          e_prev[k] := v_hash;
          v_hash := ledger_chain_hash(v_hash, v_first + k - 1, p_stream, v_version + k, p_types[k], p_event_ids[k],
                                      v_payload_hashes[k]);
          e_hash[k] := v_hash;
        end loop;
        begin
          insert into events (position, stream_id, version, event_id, type, data, metadata, recorded_at, prev_hash, hash)
          select x.position, p_stream, x.version, x.id, x.type, x.data, x.metadata, p_recorded_at, x.prev, x.hash
            from unnest(e_position, e_version, p_event_ids, p_types, p_data, p_metadata, e_prev, e_hash)
                   as x(position, version, id, type, data, metadata, prev, hash);
        exception when unique_violation then
          return query select * from ledger_append(array[p_stream], array[p_expected], array[v_count], p_event_ids, p_types,
                                                   p_data, p_metadata, p_recorded_at);
          return;
        end;
        perform pg_notify('${EVENTS_CHANNEL}', (v_first + v_count - 1)::text);
        r_outcome := 'written';
        r_version := v_version + v_count;
        r_positions := e_position;
        return next;
      end $$;
    `,
  },
  {
    version: 5,
    name: 'events written only through ledger_append (security definer)',
    // A member of the application role could INSERT a forged row with a correct chain hash (the
    // hash functions are public), and verify would say ok. Now the role may only read the table
    // and call the append functions; they run as their owner (the migrating role) with a fixed
    // search_path, so a caller cannot slip its own events table or functions in front of ours.
    // Where the role does not exist (no CREATEROLE, see migration 2) only the public grant goes.
    sql: `
      do $$
      declare
        v_path text := format('%I, pg_temp', current_schema());
      begin
        execute format('alter function ledger_append(text[], integer[], integer[], uuid[], text[], json[], json[], timestamptz)
                          security definer set search_path = %s', v_path);
        execute format('alter function ledger_append_one(text, integer, uuid[], text[], json[], json[], timestamptz)
                          security definer set search_path = %s', v_path);
        revoke execute on function ledger_append(text[], integer[], integer[], uuid[], text[], json[], json[], timestamptz) from public;
        revoke execute on function ledger_append_one(text, integer, uuid[], text[], json[], json[], timestamptz) from public;
        revoke insert, update, delete, truncate on events from public;
        if exists (select 1 from pg_roles where rolname = '${APP_ROLE}') then
          revoke insert, update, delete, truncate on events from ${APP_ROLE};
          grant select on events to ${APP_ROLE};
          grant execute on function ledger_append(text[], integer[], integer[], uuid[], text[], json[], json[], timestamptz)
            to ${APP_ROLE};
          grant execute on function ledger_append_one(text, integer, uuid[], text[], json[], json[], timestamptz) to ${APP_ROLE};
        end if;
      end $$;
    `,
  },
];
