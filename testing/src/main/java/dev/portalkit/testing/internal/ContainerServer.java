package dev.portalkit.testing.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A PostgreSQL container, for hosts with Docker (Testcontainers 2.0). Loaded only when asked for, so
 * the optional Testcontainers dependency is needed only then. Not API.
 *
 * <p>Where no registry is reachable, Testcontainers' reaper (Ryuk) cannot be pulled either and must be
 * turned off ({@code TESTCONTAINERS_RYUK_DISABLED=true}). Then nothing outside the JVM removes the
 * container, so the kit does it twice over: a shutdown hook stops it when the JVM exits, and the first
 * use of the kit in a later JVM removes containers a killed JVM left (labelled {@value #LABEL} with
 * the JVM's mark, the same rule as for databases, see {@link Leftovers}).
 */
final class ContainerServer extends AdminServer {

    /** Used when {@code PORTALKIT_TEST_IMAGE} is not set: the official image, of the embedded server's major version. */
    static final String DEFAULT_IMAGE = "postgres:17-alpine";

    /** The label on every container the kit starts; its value is the JVM's mark ({@link Leftovers#mark()}). */
    static final String LABEL = "dev.portalkit.testing";

    private static final int PORT = 5432;
    private static final Duration STARTUP = Duration.ofSeconds(120);

    private final PostgreSQLContainer container;
    private final String image;
    private final String password;
    private final String version;

    ContainerServer(String image) {
        this.image = image;
        DockerClient docker = docker();
        List<String> removed = removeStale(docker, Instant.now());
        if (!removed.isEmpty()) {
            org.slf4j.LoggerFactory.getLogger(ContainerServer.class)
                    .info("Removed {} container(s) left by test JVMs that are gone: {}", removed.size(), removed);
        }
        // Random, per JVM: the published port may be reachable from elsewhere (a remote Docker host).
        this.password = HexFormat.of().formatHex(random(16));
        // Any image may be named: declaring it a substitute for postgres is what lets PostgreSQLContainer
        // take an image built locally (.ci/build-postgres-image) or a mirror's copy of the official one.
        this.container = new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
                .withPassword(password)
                .withLabel(LABEL, Leftovers.mark())
                // The official image logs "ready to accept connections" twice on a first start: once for
                // the temporary server its entry point runs (Unix socket only) to create POSTGRES_DB, once
                // for the real server. So does the entry point of .ci/build-postgres-image, on purpose:
                // waiting for the second line is right for both (PostgreSQLContainer's own choice, set
                // here so that it cannot change under us), while a port check could pass on Docker's
                // proxy before the server listens. The connection check below confirms it.
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 2)
                        .withStartupTimeout(STARTUP));
        if (isLocal(docker)) {
            // Docker publishes on every interface by default; a local Docker needs only the loopback one.
            container.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
                    new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(PORT))));
        }
        try {
            container.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("PORTALKIT_TEST_DATABASE=testcontainers: the container of " + image
                    + " did not start (" + e.getMessage() + ")" + logsOf(container), e);
        }
        // Ryuk removes the container when the JVM's connection to it ends; without Ryuk this hook does.
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "portalkit-test-container-stop"));
        this.version = awaitConnection();
    }

    /** Docker's client, or an error saying what PORTALKIT_TEST_DATABASE=testcontainers needs. */
    private static DockerClient docker() {
        try {
            return DockerClientFactory.instance().client();
        } catch (RuntimeException e) {
            throw new IllegalStateException("PORTALKIT_TEST_DATABASE=testcontainers needs a Docker engine this user may use"
                    + " (DOCKER_HOST, or /var/run/docker.sock and membership in its group); Testcontainers found none: "
                    + e.getMessage() + ryukHint(e), e);
        }
    }

    /** Ryuk's image is pulled from Docker Hub: without a registry, say how to turn it off. */
    private static String ryukHint(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("ryuk")) {
                return ". Where no image registry is reachable, turn Testcontainers' reaper off with the environment"
                        + " variable TESTCONTAINERS_RYUK_DISABLED=true (the kit then removes its container at exit itself)";
            }
        }
        return "";
    }

    private static boolean isLocal(DockerClient docker) {
        String host;
        try {
            host = DockerClientFactory.instance().dockerHostIpAddress();
        } catch (RuntimeException e) {
            // Inside a container (/.dockerenv) Testcontainers asks the bridge network for its gateway, and
            // when the network names none, a container of alpine, which it must pull.
            throw new IllegalStateException("PORTALKIT_TEST_DATABASE=testcontainers: Testcontainers could not tell the"
                    + " address of the Docker host (" + e.getMessage() + "). Where Docker runs on this machine, set the"
                    + " environment variable TESTCONTAINERS_HOST_OVERRIDE=localhost", e);
        }
        return "localhost".equals(host) || "127.0.0.1".equals(host);
    }

    /**
     * Removes the containers of the kit whose JVM is gone (killed, so no shutdown hook ran), by the
     * mark in their label; nothing without the kit's label is touched. Returns their ids.
     */
    static List<String> removeStale(DockerClient docker, Instant now) {
        List<String> removed = new ArrayList<>();
        List<Container> labelled;
        try {
            labelled = docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(LABEL)).exec();
        } catch (RuntimeException e) {
            return removed; // a courtesy, as for databases: never a reason to fail the tests
        }
        for (Container c : labelled) {
            String mark = c.getLabels() == null ? null : c.getLabels().get(LABEL);
            if (Leftovers.parse(mark).filter(m -> Leftovers.stale(m, now)).isPresent()) {
                try {
                    docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                    removed.add(c.getId());
                } catch (RuntimeException e) {
                    // Gone already, or being removed by someone else: leave it.
                }
            }
        }
        return removed;
    }

    /** The server's version, once a connection works (the log line says the server is up; this proves it). */
    private String awaitConnection() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        SQLException last;
        do {
            try (Connection c = connect(maintenanceDatabase())) {
                return c.getMetaData().getDatabaseProductVersion();
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < deadline);
        throw new IllegalStateException("The container of " + image + " logged that it is ready, but "
                + urlFor(maintenanceDatabase()) + " refuses connections (" + last.getMessage() + ")" + logsOf(container), last);
    }

    private static String logsOf(PostgreSQLContainer container) {
        try {
            String logs = container.getLogs();
            String[] lines = logs.split("\n");
            return "; its last log lines:\n" + String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 20), lines.length));
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static byte[] random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return b;
    }

    /** The container, for tests that look into it. */
    PostgreSQLContainer container() {
        return container;
    }

    /** The image it runs, as named by {@code PORTALKIT_TEST_IMAGE} (or the default). */
    String image() {
        return image;
    }

    @Override
    String urlFor(String database) {
        return "jdbc:postgresql://" + container.getHost() + ":" + container.getMappedPort(PORT) + "/" + database;
    }

    @Override
    String maintenanceDatabase() {
        return container.getDatabaseName();
    }

    @Override
    String username() {
        return container.getUsername();
    }

    @Override
    String password() {
        return password;
    }

    @Override
    public String describe() {
        return "PostgreSQL " + version + " in a Testcontainers container of " + image;
    }
}
