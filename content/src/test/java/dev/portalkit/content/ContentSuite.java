package dev.portalkit.content;

import dev.portalkit.auth.User;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.Portal;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the content suites share before each test: the class's Portal (from the subclass's own
 * static {@code PortalExtension}), the three content services, and a user registered for the test,
 * acting as {@link #ctx}.
 */
abstract class ContentSuite {

    Portal portal;
    ResourceService resources;
    TimelineService timelines;
    FormService forms;
    User user;
    CallContext ctx;

    @BeforeEach
    void registerAUser(Portal portal) {
        this.portal = portal;
        resources = portal.service(ResourceService.class);
        timelines = portal.service(TimelineService.class);
        forms = portal.service(FormService.class);
        user = ContentTests.user(portal, "Editor");
        ctx = ContentTests.as(user);
    }
}
