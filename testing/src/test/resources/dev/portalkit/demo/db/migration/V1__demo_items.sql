-- A host module's table for the kit's own tests: only the columns those tests read.
CREATE TYPE demo_color AS ENUM ('RED', 'GREEN', 'BLUE');
CREATE TABLE demo_items (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    code       text        NOT NULL CHECK (length(code) <= 20),
    color      demo_color  NOT NULL DEFAULT 'RED',
    tags       text[]      NOT NULL DEFAULT '{}',
    quantity   integer     NOT NULL DEFAULT 0 CONSTRAINT demo_items_quantity_positive CHECK (quantity >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT demo_items_code_key UNIQUE (code)
);
CREATE TABLE demo_people (
    id    uuid PRIMARY KEY,
    email text NOT NULL,
    role  text NOT NULL
);

-- Raises a real server error with the given SQLState, for the retry tests.
CREATE FUNCTION demo_fail(state text) RETURNS integer
    LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'demo failure %', state USING ERRCODE = state;
END;
$$;
