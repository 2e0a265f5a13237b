#!/bin/sh
# Run once by the postgres image when it creates the cluster (docker-entrypoint-initdb.d).
# The services connect as ledger_service, a login role that is only a member of ledger_app:
# it reads and writes the read models and accounts, and appends events only through
# ledger_append. The image's own user (POSTGRES_USER) owns the schema and runs the migrations
# (DATABASE_OWNER_URL); the migrations grant ledger_app what the services need.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v service_password="$LEDGER_SERVICE_PASSWORD" <<'SQL'
do $$ begin
  if not exists (select 1 from pg_roles where rolname = 'ledger_app') then create role ledger_app nologin; end if;
end $$;
select format('create role ledger_service login nosuperuser nocreatedb nocreaterole in role ledger_app password %L',
              :'service_password') \gexec
SQL
