package dev.portalkit.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import dev.portalkit.testing.PostgresServer;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;

/**
 * The Testcontainers path of the kit (issue #19), when it is asked for
 * ({@code PORTALKIT_TEST_DATABASE=testcontainers}): the JVM's server really is a container of
 * {@code PORTALKIT_TEST_IMAGE}, the server that answers is the one that image holds, and without Ryuk
 * no container outlives its JVM: removed at a normal exit, and by the next JVM when it was killed.
 * Skipped on other servers, unless {@code PORTALKIT_REQUIRE_CONTAINERS=true} (CI's container pass), which
 * makes a run that is not on a container fail; a missing Docker fails the kit's start either way.
 */
class ContainerServerIT {

    /** Per test, not per class: so that each skipped test is counted and reported with the reason. */
    @BeforeEach
    void onlyWhenAskedFor() {
        boolean asked = "testcontainers".equalsIgnoreCase(Servers.setting("PORTALKIT_TEST_DATABASE"));
        if (!asked && "true".equalsIgnoreCase(Servers.setting("PORTALKIT_REQUIRE_CONTAINERS"))) {
            Assertions.fail("PORTALKIT_REQUIRE_CONTAINERS=true, but PORTALKIT_TEST_DATABASE is not testcontainers");
        }
        Assumptions.assumeTrue(asked, "the kit runs on another server than a container; set"
                + " PORTALKIT_TEST_DATABASE=testcontainers (and PORTALKIT_TEST_IMAGE) to test the container path");
    }

    @Test
    void theServerIsAContainerOfTheImageAskedForAndAnswersWithWhatThatImageHolds() throws Exception {
        PostgresServer server = TestDatabases.server();
        assertThat(server).isInstanceOf(ContainerServer.class);
        ContainerServer container = (ContainerServer) server;
        String image = Servers.setting("PORTALKIT_TEST_IMAGE");
        String expected = image == null || image.isBlank() ? ContainerServer.DEFAULT_IMAGE : image;
        assertThat(container.image()).isEqualTo(expected);
        assertThat(server.describe()).contains("in a Testcontainers container of " + expected);

        InspectContainerResponse inspected = docker().inspectContainerCmd(container.container().getContainerId()).exec();
        assertThat(inspected.getState().getRunning()).isTrue();
        assertThat(inspected.getConfig().getImage()).isEqualTo(expected);
        assertThat(inspected.getConfig().getLabels()).containsEntry(ContainerServer.LABEL, Leftovers.mark());
        Ports.Binding[] published = inspected.getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(5432));
        assertThat(published).hasSize(1);
        if ("localhost".equals(DockerClientFactory.instance().dockerHostIpAddress())) {
            assertThat(published[0].getHostIp()).as("a local Docker publishes on the loopback only").isEqualTo("127.0.0.1");
        }

        TestDatabase db = TestDatabases.empty();
        try {
            // A database of the kit is reached through the port this container publishes...
            assertThat(db.jdbcUrl()).contains(":" + published[0].getHostPortSpec() + "/" + db.name());
            String answered = Queries.column(db.dataSource(), "SHOW server_version").get(0);
            // ...and the server answering there is the postgres binary of the image.
            ExecResult inside = container.container().execInContainer("postgres", "--version");
            assertThat(inside.getExitCode()).as(inside.getStderr()).isZero();
            assertThat(inside.getStdout().trim()).isEqualTo("postgres (PostgreSQL) " + answered);
            assertThat(server.describe()).contains("PostgreSQL " + answered);
        } finally {
            server.dropDatabase(db.name());
        }
    }

    @Test
    void withoutRyukTheContainerIsRemovedWhenItsJvmExits() throws Exception {
        Process jvm = jvm("exit");
        BufferedReader output = output(jvm);
        StringBuilder out = new StringBuilder();
        String id = containerOf(output, out);
        output.lines().forEach(l -> out.append(l).append('\n'));
        assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).as(out.toString()).isTrue();
        assertThat(jvm.exitValue()).as(out.toString()).isZero();
        assertThat(out).as("the JVM ran without Ryuk").contains("Ryuk has been disabled");
        assertThat(exists(id)).as("container %s after its JVM exited", id).isFalse();
    }

    @Test
    void withoutRyukTheContainerOfAKilledJvmIsRemovedByTheNextJvmAndNoOtherIs() throws Exception {
        Process jvm = jvm("hang");
        String id = null;
        try {
            id = containerOf(output(jvm), new StringBuilder());
            jvm.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs
            assertThat(exists(id)).as("a killed JVM's container stays behind").isTrue();

            List<String> removed = ContainerServer.removeStale(docker(), Instant.now());

            assertThat(removed).contains(id);
            assertThat(exists(id)).isFalse();
            // This JVM's container, whose JVM is alive, is not touched.
            String mine = ((ContainerServer) TestDatabases.server()).container().getContainerId();
            assertThat(removed).doesNotContain(mine);
            assertThat(exists(mine)).isTrue();
        } finally {
            jvm.destroyForcibly();
            if (id != null && exists(id)) {
                docker().removeContainerCmd(id).withForce(true).exec();
            }
        }
    }

    /** A JVM of the kit on a container of the same image, with Ryuk off whatever this JVM has. */
    private static Process jvm(String what) throws IOException {
        TestDatabases.server(); // this JVM's container first: the child's must not be taken for a stale one
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-DPORTALKIT_TEST_DATABASE=testcontainers",
                "-DPORTALKIT_TEST_ROLES=single"));
        String image = Servers.setting("PORTALKIT_TEST_IMAGE");
        if (image != null) {
            command.add("-DPORTALKIT_TEST_IMAGE=" + image);
        }
        command.addAll(List.of(ContainerJvm.class.getName(), what));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("TESTCONTAINERS_RYUK_DISABLED", "true");
        return pb.start();
    }

    private static BufferedReader output(Process jvm) {
        return new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Reads the JVM's output, into {@code seen}, up to the line naming its container. */
    private static String containerOf(BufferedReader out, StringBuilder seen) throws IOException {
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("container ")) {
            seen.append(line).append('\n');
        }
        assertThat(line).as("the JVM's output: %s", seen).isNotNull();
        String id = line.substring("container ".length());
        assertThat(exists(id)).as("container %s while its JVM runs", id).isTrue();
        return id;
    }

    private static boolean exists(String id) {
        try {
            docker().inspectContainerCmd(id).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }
}
