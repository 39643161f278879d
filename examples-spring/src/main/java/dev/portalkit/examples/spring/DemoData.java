package dev.portalkit.examples.spring;

import dev.portalkit.core.Portal;
import dev.portalkit.examples.Seed;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * The plain example's demo data ({@link Seed}), written at start before the web server opens: an
 * administrator, a provider with working hours, two pricing tiers, two published guides with steps,
 * and the welcome e-mail template. Each item is created only when it is missing.
 */
@Component
class DemoData implements SmartInitializingSingleton {

    private final Portal portal;
    private final ExampleProperties properties;

    DemoData(Portal portal, ExampleProperties properties) {
        this.portal = portal;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        ensure();
    }

    /** Returns how many items were created (0 on every start after the first). */
    int ensure() {
        return Seed.ensure(portal, adminPassword());
    }

    /** example.admin-password, else the one in example.admin-password-file, created (mode 600) on first start. */
    private String adminPassword() {
        try {
            return Seed.adminPassword(properties.adminPassword(), properties.adminPasswordFile());
        } catch (IOException e) {
            throw new UncheckedIOException("The admin password file " + properties.adminPasswordFile()
                    + " could not be read or written", e);
        }
    }
}
