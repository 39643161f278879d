package dev.portalkit.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalConfigurationException;
import org.junit.jupiter.api.Test;

class ContentModuleTest {

    @Test
    void installingContentWithoutAuthFailsNamingAuth() {
        assertThatThrownBy(() -> Portal.builder().jdbcUrl("jdbc:postgresql://h/db").install(new ContentModule()).build())
                .isInstanceOf(PortalConfigurationException.class)
                .hasMessageContaining("AuthModule");
    }

    @Test
    void theModuleIsNamedContentAndShipsItsMigrations() {
        assertThat(new ContentModule().name()).isEqualTo("content");
        assertThat(new ContentModule().migrationLocation()).isEqualTo("classpath:dev/portalkit/content/db/migration");
        assertThat(new ContentModule().options()).isEqualTo(ContentOptions.defaults());
    }
}
