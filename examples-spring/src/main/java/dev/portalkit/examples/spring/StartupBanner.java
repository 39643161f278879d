package dev.portalkit.examples.spring;

import dev.portalkit.examples.Seed;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Prints where the example listens once it is ready, as the plain example does. */
@Component
class StartupBanner {

    private final Environment environment;
    private final ExampleProperties properties;

    StartupBanner(Environment environment, ExampleProperties properties) {
        this.environment = environment;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        String address = environment.getProperty("server.address", "");
        String host = address.isEmpty() || address.equals("0.0.0.0") || address.equals("127.0.0.1") ? "localhost" : address;
        if (properties.adminPassword() == null || properties.adminPassword().isBlank()) {
            System.out.println("Admin account: " + Seed.ADMIN_EMAIL + ", password in " + properties.adminPasswordFile());
        }
        System.out.println();
        System.out.println("PortalKit Spring example is running at http://" + host + ":" + port + "/  (Ctrl+C to stop)");
        System.out.println();
    }
}
