package dev.portalkit.content;

import dev.portalkit.core.CallContext;
import dev.portalkit.core.Portal;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the resource suites share before each test: the class's Portal (from the class's own
 * {@code PortalExtension}), its {@link ResourceService}, and a newly registered editor acting.
 */
abstract class ResourceTests {

    Portal portal;
    ResourceService resources;
    CallContext ctx;

    @BeforeEach
    void registerAnEditor(Portal portal) {
        this.portal = portal;
        resources = portal.service(ResourceService.class);
        ctx = ContentTests.as(ContentTests.user(portal, "Editor"));
    }
}
