package dev.portalkit.core;

import static dev.portalkit.core.MigrationIT.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * build() refuses PostgreSQL 14 before any migration, on a real PostgreSQL 14: its binaries are
 * copied into target/pg14 by the maven-dependency-plugin (see this module's pom). PostgreSQL refuses
 * to run as root, so as root this test is skipped with the reason printed (CI runs as an ordinary user).
 */
class UnsupportedServerIT {

    static final Path BINARIES = Path.of("target", "pg14", "postgres-14-linux-amd64.jar");

    @Test
    void buildRefusesPostgres14InEveryMigrationModeBeforeTouchingTheDatabase() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            System.out.println("UnsupportedServerIT skipped: PostgreSQL 14 refuses to start as root;"
                    + " run the build as an ordinary user (CI does)");
        }
        assumeTrue(!root, "PostgreSQL 14 refuses to start as root; run the build as an ordinary user (CI does)");
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        assumeTrue(os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64")),
                "only the linux-amd64 binaries of PostgreSQL 14 are copied (this is " + os + "/" + arch + ")");
        assertThat(BINARIES).as("PostgreSQL 14 binaries, copied by the maven-dependency-plugin: run this test through Maven")
                .exists();

        byte[] txz;
        try (JarFile jar = new JarFile(BINARIES.toFile())) {
            JarEntry entry = jar.stream().filter(e -> e.getName().endsWith(".txz")).findFirst().orElseThrow();
            txz = jar.getInputStream(entry).readAllBytes();
        }
        try (EmbeddedPostgres pg14 = EmbeddedPostgres.builder()
                .setPgBinaryResolver((system, hardware) -> new ByteArrayInputStream(txz))
                .start()) {
            String url = pg14.getJdbcUrl("postgres", "postgres");
            assertThat(query(pg14.getPostgresDatabase(), "SHOW server_version_num")).allMatch(v -> v.startsWith("14"));

            for (MigrationMode mode : MigrationMode.values()) {
                assertThatThrownBy(() -> Portal.builder().jdbcUrl(url).username("postgres").minimumIdle(0)
                        .migration(mode).build())
                        .as("build() with %s on PostgreSQL 14", mode)
                        .isInstanceOf(PortalException.class)
                        .satisfies(e -> assertThat(((PortalException) e).code()).isEqualTo(CoreError.UNSUPPORTED_SERVER))
                        .hasMessageStartingWith("[PK-1006] PostgreSQL 14.")
                        .hasMessageContaining("server_version_num 14")
                        .hasMessageContaining("PortalKit needs PostgreSQL 15 or later");
            }
            // A host's pool of one connection: refused the same way, and the pool is left open and usable.
            HikariConfig h = new HikariConfig();
            h.setJdbcUrl(url);
            h.setUsername("postgres");
            h.setMaximumPoolSize(1);
            try (HikariDataSource host = new HikariDataSource(h)) {
                assertThatThrownBy(() -> Portal.builder().dataSource(host).build())
                        .satisfies(e -> assertThat(((PortalException) e).code()).isEqualTo(CoreError.UNSUPPORTED_SERVER));
                assertThat(query(host, "SELECT 1")).containsExactly("1");
            }
            // Refused before any migration: no schema, no history table, no extension was created.
            DataSource postgres = pg14.getPostgresDatabase();
            assertThat(query(postgres, "SELECT count(*) FROM pg_namespace WHERE nspname = 'portal'")).containsExactly("0");
            assertThat(query(postgres, "SELECT count(*) FROM pg_extension WHERE extname <> 'plpgsql'")).containsExactly("0");
        }
    }
}
