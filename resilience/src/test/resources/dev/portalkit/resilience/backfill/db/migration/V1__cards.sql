-- The released state of the backfill pattern's example (README, "Migrations"): a table in use.
SET LOCAL lock_timeout = '5s';

CREATE TABLE cards (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    tags        text[]      NOT NULL DEFAULT '{}',
    status      text        NOT NULL DEFAULT 'DRAFT',
    position    integer     NOT NULL DEFAULT 0,
    deleted_at  timestamptz
);
