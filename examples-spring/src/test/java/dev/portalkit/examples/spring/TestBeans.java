package dev.portalkit.examples.spring;

import dev.portalkit.messaging.InMemoryEmailSender;
import dev.portalkit.testing.TestClock;
import java.time.Instant;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * What the tests swap in: a test clock (renewals made due by moving it) and an e-mail sender that
 * keeps what it sends. The payment gateway is already the in-memory one.
 */
@TestConfiguration(proxyBeanMethods = false)
class TestBeans {

    static final Instant START = Instant.parse("2026-03-02T06:00:00Z");

    @Bean
    @Primary
    TestClock testClock() {
        return new TestClock(START);
    }

    @Bean
    @Primary
    InMemoryEmailSender inMemoryEmailSender() {
        return new InMemoryEmailSender();
    }
}
