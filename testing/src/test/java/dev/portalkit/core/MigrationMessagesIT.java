package dev.portalkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.demobroken.DemoBrokenModule;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed migration's message (PK-1002) names the module, its artifact and the script but no file of the host
 * machine: Flyway's own text carries the location as a file: or jar: URL and as an absolute path.
 */
class MigrationMessagesIT extends EmptyDatabaseTest {

    @TempDir
    Path temp;

    @Test
    void aFailingMigrationInAClassesDirectoryIsNamedWithoutTheHostsPaths() {
        assertNamesScriptButNoHostPath(new DemoBrokenModule(), "demobroken (portalkit-demobroken)", "V1__broken.sql",
                Path.of("target").toAbsolutePath().getParent());
    }

    @Test
    void aFailingMigrationInsideAJarIsNamedWithoutTheJarsPath() throws Exception {
        Path jar = temp.resolve("host-application-1.0.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("dev/portalkit/demojar/db/migration/V1__jar_broken.sql"));
            out.write("CREATE TABLE jar_broken (id integer REFERENCES no_such_table (id));".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            // Flyway scans the module's class loader: a module class defined in the jar's loader.
            PortalModule module = (PortalModule) Proxy.newProxyInstance(loader, new Class<?>[] {PortalModule.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "name" -> "demojar";
                        case "artifactId" -> "acme-portal-demojar";
                        case "migrationLocation" -> "classpath:dev/portalkit/demojar/db/migration";
                        case "requires", "settings" -> method.getName().equals("requires") ? Set.of() : List.of();
                        case "mappers" -> List.of();
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        case "toString" -> "demojar module";
                        default -> null;
                    });
            assertThat(module.getClass().getClassLoader()).isSameAs(loader);
            // The module's own artifactId(), not one derived from its name, tells the host which jar failed.
            assertNamesScriptButNoHostPath(module, "demojar (acme-portal-demojar)", "V1__jar_broken.sql", temp);
        }
    }

    private void assertNamesScriptButNoHostPath(PortalModule module, String named, String script, Path hostDirectory) {
        assertThatThrownBy(() -> builder().install(module).build())
                .isInstanceOf(PortalException.class)
                .satisfies(e -> assertThat(((PortalException) e).code()).isEqualTo(CoreError.MIGRATION_FAILED))
                .hasMessageContaining("Migrating module " + named + " failed")
                .hasMessageContaining(script)
                .hasMessageContaining("no_such_table")
                .satisfies(e -> assertThat(e.getMessage()).as("the message of PK-1002")
                        .doesNotContain(hostDirectory.toString())
                        .doesNotContain("file:")
                        .doesNotContain("jar:")
                        .doesNotContainPattern("(^|[\\s(\\[=])/[^\\s/]+/")
                        .doesNotContain(System.getProperty("user.home") + "/"));
    }
}
