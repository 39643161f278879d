package dev.portalkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.testing.PortalExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SettingsIT {

    record Theme(String primaryColor, boolean dark) {
    }

    static final Setting<String> SITE_NAME = Setting.string("site.name", "My portal");
    static final Setting<Integer> PAGE_SIZE = Setting.integer("list.page-size", 25);
    static final Setting<Long> MAX_UPLOAD = Setting.longValue("upload.max-bytes", 1_000_000L);
    static final Setting<Boolean> SIGNUPS = Setting.bool("signups.open", true);
    static final Setting<Duration> GRACE = Setting.duration("billing.grace", Duration.ofDays(3));
    static final Setting<Theme> THEME = Setting.of("ui.theme", Theme.class, new Theme("#333", false));
    static final Setting<String> API_KEY = Setting.string("mail.api-key", "unset").asSecret();
    static final Setting<String> COUNTER = Setting.string("race.counter", "0");
    static final Setting<Integer> RETRIES = Setting.integer("jobs.retries", 3);

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.builder()
            .configure(b -> b.settings(SITE_NAME, PAGE_SIZE, MAX_UPLOAD, SIGNUPS, GRACE, THEME, API_KEY, COUNTER, RETRIES))
            .build();

    static final CallContext ADMIN = CallContext.of(UUID.randomUUID(), "10.0.0.1", "JUnit");

    SettingsService settings() {
        return kit.portal().service(SettingsService.class);
    }

    @Test
    void aSettingReadsItsDefaultUntilSetThenItsOverrideUntilReset() {
        assertThat(settings().get(PAGE_SIZE)).isEqualTo(25);
        assertThat(settings().read(PAGE_SIZE).isDefault()).isTrue();
        SettingValue<Integer> v = settings().set(PAGE_SIZE, 50, ADMIN);
        assertThat(v.value()).isEqualTo(50);
        assertThat(v.version()).isEqualTo(1);
        assertThat(settings().get(PAGE_SIZE)).isEqualTo(50);
        assertThat(settings().reset(PAGE_SIZE, ADMIN)).isTrue();
        assertThat(settings().get(PAGE_SIZE)).isEqualTo(25);
        assertThat(settings().reset(PAGE_SIZE, ADMIN)).isFalse();
    }

    @Test
    void valuesOfEveryTypeRoundTripThroughJsonb() {
        settings().set(SITE_NAME, "Ünïcødé ✓ portal", ADMIN);
        settings().set(MAX_UPLOAD, 5_000_000_000L, ADMIN);
        settings().set(SIGNUPS, false, ADMIN);
        settings().set(GRACE, Duration.ofHours(36), ADMIN);
        settings().set(THEME, new Theme("#0af", true), ADMIN);
        assertThat(settings().get(SITE_NAME)).isEqualTo("Ünïcødé ✓ portal");
        assertThat(settings().get(MAX_UPLOAD)).isEqualTo(5_000_000_000L);
        assertThat(settings().get(SIGNUPS)).isFalse();
        assertThat(settings().get(GRACE)).isEqualTo(Duration.ofHours(36));
        assertThat(settings().get(THEME)).isEqualTo(new Theme("#0af", true));
    }

    @Test
    void aValueOfTheWrongTypeOrAnUnknownKeyIsAValidationErrorAndChangesNothing() {
        settings().set(RETRIES, 10, ADMIN);
        assertThatThrownBy(() -> settings().set("jobs.retries", "ten", ADMIN))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Setting 'jobs.retries' takes Integer values, not String")
                .satisfies(e -> assertThat(((ValidationException) e).hasError("value")).isTrue());
        assertThatThrownBy(() -> settings().set("no.such.setting", 1, ADMIN))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Unknown setting 'no.such.setting'");
        assertThatThrownBy(() -> settings().get(Setting.string("undeclared", "x")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Unknown setting 'undeclared'");
        assertThatThrownBy(() -> settings().set(SITE_NAME, "bad\0value", ADMIN))
                .isInstanceOf(ValidationException.class);
        assertThat(settings().get(RETRIES)).isEqualTo(10);
        assertThat(settings().set("upload.max-bytes", 42, ADMIN).value()).isEqualTo(42L); // exact widening only
    }

    @Test
    void anOptimisticWriteWithAStaleVersionIsAConflict() {
        Setting<String> motto = Setting.string("site.motto", "");
        try (Portal portal = Portal.builder().dataSource(kit.database().dataSource()).settings(motto).build()) {
            SettingsService s = portal.service(SettingsService.class);
            SettingValue<String> read = s.read(motto);
            assertThat(read.version()).isZero();
            s.set(motto, "first", read.version(), ADMIN);
            assertThatThrownBy(() -> s.set(motto, "second", read.version(), ADMIN))
                    .isInstanceOf(StaleVersionException.class)
                    .hasMessageContaining("site.motto")
                    .hasMessageContaining("expected version 0, found 1");
            SettingValue<String> now = s.read(motto);
            assertThat(s.set(motto, "third", now.version(), ADMIN).version()).isEqualTo(2);
            assertThatThrownBy(() -> s.set(motto, "fourth", 1, ADMIN)).isInstanceOf(StaleVersionException.class);
            assertThat(s.get(motto)).isEqualTo("third");
        }
    }

    @Test
    void concurrentOptimisticWritersAtOneVersionLetExactlyOneWin() throws Exception {
        long version = settings().read(COUNTER).version();
        int n = 8;
        CyclicBarrier barrier = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String value = "writer-" + i;
            Callable<Boolean> write = () -> {
                barrier.await();
                try {
                    settings().set(COUNTER, value, version, ADMIN);
                    return true;
                } catch (StaleVersionException e) {
                    return false;
                }
            };
            results.add(pool.submit(write));
        }
        int wins = 0;
        for (Future<Boolean> f : results) {
            wins += f.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(wins).isEqualTo(1);
        assertThat(settings().read(COUNTER).version()).isEqualTo(version + 1);
    }

    @Test
    void aSecretValueIsMaskedInTheAuditTrailAndToString() {
        SettingValue<String> v = settings().set(API_KEY, "sk_live_abcdef123456", ADMIN);
        assertThat(v.toString()).doesNotContain("sk_live").contains("***");
        assertThat(API_KEY.toString()).doesNotContain("unset");
        Page<ActivityEntry> page = kit.portal().service(ActivityLog.class)
                .find(ActivityQuery.byActor(ADMIN.actorId()).withAction("setting.updated"), PageRequest.first(100));
        assertThat(page.items()).isNotEmpty();
        assertThat(page.items().toString()).doesNotContain("sk_live_abcdef123456");
        ActivityEntry entry = page.items().stream()
                .filter(e -> "mail.api-key".equals(e.metadata().get("key"))).findFirst().orElseThrow();
        assertThat(entry.after()).containsEntry("value", "[redacted]");
        assertThat(entry.ip()).isEqualTo("10.0.0.1");
        assertThat(entry.userAgent()).isEqualTo("JUnit");
    }

    @Test
    void allListsEveryDeclaredSettingInKeyOrder() {
        List<String> keys = settings().all().stream().map(v -> v.setting().key()).toList();
        assertThat(keys).isSorted().contains("site.name", "ui.theme", "mail.api-key");
    }
}
