SET LOCAL lock_timeout = '5s';
-- portalkit-core, version 12: a data-subject erasure (PrivacyService) redacts, beside the rows the user
-- acted in or that are about them as a user, the rows about the entities the modules name as having held
-- their personal data: an e-mail an admin queued to them (its metadata holds their address), a form they
-- sent without signing in. The entities come as jsonb, [{"type": "email", "id": "<uuid>"}, ...], matched
-- on activity_logs_entity_idx. Same rules as V4's activity_logs_erase(uuid), which stays for the previous
-- release: only this function may change a row, and only its personal fields.
CREATE FUNCTION activity_logs_erase(subject uuid, entities jsonb) RETURNS bigint
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = ${flyway:defaultSchema}
AS $$
DECLARE
    erased bigint;
BEGIN
    IF subject IS NULL OR entities IS NULL OR jsonb_typeof(entities) <> 'array' THEN
        RAISE EXCEPTION 'activity_logs_erase: subject and an array of entities are required'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM set_config('portalkit.audit_erasure', 'on', true);
    WITH named AS (
        SELECT e->>'type' AS entity_type, (e->>'id')::uuid AS entity_id FROM jsonb_array_elements(entities) e
    ), targets AS (
        INSERT INTO activity_log_erasures (seq, subject_id)
        SELECT l.seq, subject FROM activity_logs l
         WHERE (l.actor_id = subject OR (l.entity_type = 'user' AND l.entity_id = subject)
                OR (l.entity_type, l.entity_id) IN (SELECT entity_type, entity_id FROM named))
           AND l.action <> 'audit.personal_data_erased'
           AND NOT EXISTS (SELECT 1 FROM activity_log_erasures e WHERE e.seq = l.seq)
        RETURNING seq
    )
    UPDATE activity_logs l
       SET actor_email = NULL, before = NULL, after = NULL, metadata = '{}'::jsonb, ip = NULL, user_agent = NULL
      FROM targets t
     WHERE l.seq = t.seq;
    GET DIAGNOSTICS erased = ROW_COUNT;
    PERFORM set_config('portalkit.audit_erasure', 'off', true);
    RETURN erased;
END;
$$;
REVOKE ALL ON FUNCTION activity_logs_erase(uuid, jsonb) FROM PUBLIC;
