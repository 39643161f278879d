-- portalkit-billing, version 8: the index calendar(id) finds a reschedule chain's bookings by (BookingMapper.calendarOf:
-- id = uid OR series_id = uid). bookings may be large, so it is built CONCURRENTLY (writers keep writing), which
-- cannot run inside a transaction: this migration holds nothing else, and Flyway runs it outside one
-- (V8__bookings_series_index.sql.conf). Should the build fail, PostgreSQL leaves an INVALID index behind and Flyway a
-- failed history row: DROP INDEX CONCURRENTLY portal.bookings_series_idx, repair the history (flyway repair) and
-- start the Portal again. Until it exists calendar() is correct, only slower.
CREATE INDEX CONCURRENTLY IF NOT EXISTS bookings_series_idx ON bookings (series_id) WHERE series_id IS NOT NULL;
