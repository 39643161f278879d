package dev.portalkit.spring;

import dev.portalkit.messaging.InMemoryEmailSender;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** A host application as a Spring Boot user writes one: auto-configuration, a sender, its own service. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(HostOrders.class)
class HostApp {

    @Bean
    InMemoryEmailSender emailSender() {
        return new InMemoryEmailSender();
    }
}
