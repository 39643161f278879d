package dev.portalkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.testing.TestClock;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.time.Instant;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** A timestamptz written and read back is the same instant whatever the JVM's (and so the session's) zone. */
class TimestampZonesIT {

    @Test
    void instantsRoundTripToTheMicrosecondInAnyZoneAcrossDaylightSavingChanges() {
        TestDatabase db = TestDatabases.migrated("portal", List.of());
        TimeZone jvm = TimeZone.getDefault();
        List<Instant> instants = List.of(
                Instant.parse("2026-03-08T06:59:59.999999Z"), // just before New York springs forward
                Instant.parse("2026-03-08T07:00:00.000001Z"),
                Instant.parse("2026-11-01T05:30:00.123456Z"), // inside New York's repeated hour
                Instant.parse("1901-12-13T20:45:52.000001Z"),
                Instant.parse("9999-12-31T23:59:59.999999Z"));
        try {
            for (String zone : List.of("America/New_York", "Asia/Kolkata", "Pacific/Chatham", "UTC")) {
                TimeZone.setDefault(TimeZone.getTimeZone(zone)); // pgjdbc also sets the session's TimeZone from it
                TestClock clock = new TestClock(instants.get(0));
                try (Portal portal = Portal.builder().dataSource(db.dataSource()).migration(MigrationMode.NONE)
                        .clock(clock).build()) {
                    ActivityLog log = portal.service(ActivityLog.class);
                    for (Instant at : instants) {
                        clock.set(at);
                        log.record(AuditEvent.of("clock.checked", null, null).withMetadata(java.util.Map.of("zone", zone)),
                                CallContext.system("t"));
                        assertThat(log.find(ActivityQuery.all(), PageRequest.first(1)).items().get(0).occurredAt())
                                .as("%s read in %s", at, zone).isEqualTo(at);
                    }
                }
            }
        } finally {
            TimeZone.setDefault(jvm);
            TestDatabases.server().dropDatabase(db.name());
        }
    }
}
