package dev.portalkit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.PortalException;
import dev.portalkit.core.CoreError;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class PortalKitJobTest {

    @Test
    void aFailedRunIsLoggedAndTheNextOneRunsAgain(CapturedOutput output) {
        AtomicInteger calls = new AtomicInteger();
        PortalKitJob job = new PortalKitJob("renewals", Duration.ofSeconds(1), () -> {
            if (calls.incrementAndGet() == 1) {
                throw new PortalException(CoreError.PORTAL_CLOSED);
            }
        });
        assertThat(job.runOnce()).isFalse();
        assertThat(job.runOnce()).isTrue();
        assertThat(job.runs()).isEqualTo(2);
        assertThat(job.failures()).isOne();
        assertThat(output.getAll()).contains("PortalKit job renewals failed; the next run (in PT1S) retries", "PK-");
    }

    @Test
    void aJobNeedsAPositiveInterval() {
        assertThatThrownBy(() -> new PortalKitJob("renewals", Duration.ZERO, () -> { }))
                .hasMessageContaining("portalkit.jobs.renewals.interval must be positive");
        assertThatThrownBy(() -> new PortalKitJob("renewals", null, () -> { }))
                .hasMessageContaining("portalkit.jobs.renewals.interval");
    }
}
