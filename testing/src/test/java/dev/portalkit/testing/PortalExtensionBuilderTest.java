package dev.portalkit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.CoreError;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalConfigurationException;
import dev.portalkit.core.PortalModule;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A careless suite's builder calls fail at once, with every problem named, not in a later beforeAll. */
class PortalExtensionBuilderTest {

    @Test
    void everyBadSettingIsOneConfigurationError() {
        assertThatThrownBy(() -> PortalExtension.builder().install((PortalModule) null).configure((Consumer<Portal.Builder>) null)
                .schema("Portal; DROP").build())
                .isInstanceOfSatisfying(PortalConfigurationException.class, e -> {
                    assertThat(e.code()).isEqualTo(CoreError.INVALID_CONFIGURATION);
                    assertThat(e.problems()).containsExactly("install() got a null module", "configure() got null",
                            "schema must be a lowercase SQL identifier such as portal, was Portal; DROP");
                });
        assertThatThrownBy(() -> PortalExtension.builder().install((PortalModule[]) null).schema(null).build())
                .isInstanceOfSatisfying(PortalConfigurationException.class, e -> assertThat(e.problems()).containsExactly(
                        "install() got a null module", "schema must be a lowercase SQL identifier such as portal, was null"));
    }

    @Test
    void theDefaultsBuild() {
        assertThat(PortalExtension.builder().clock(null).build()).isNotNull();
        assertThat(PortalExtension.core()).isNotNull();
    }
}
