-- portalkit-content, version 6: validates V3's resource_cards_schedule_order against the rows written
-- before it. A separate migration, so a separate transaction: VALIDATE CONSTRAINT scans under SHARE UPDATE
-- EXCLUSIVE, which lets reads and writes of resource_cards go on.
SET LOCAL lock_timeout = '5s';

ALTER TABLE resource_cards VALIDATE CONSTRAINT resource_cards_schedule_order;
