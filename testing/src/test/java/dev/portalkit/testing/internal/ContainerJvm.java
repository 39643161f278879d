package dev.portalkit.testing.internal;

import dev.portalkit.testing.TestDatabases;

/**
 * A test JVM for {@code ContainerServerIT}: starts the kit on a container, prints the container's id,
 * then {@code exit}s normally or {@code hang}s until it is killed.
 */
public final class ContainerJvm {

    private ContainerJvm() {
    }

    public static void main(String[] args) throws InterruptedException {
        ContainerServer server = (ContainerServer) TestDatabases.server();
        System.out.println("container " + server.container().getContainerId());
        System.out.flush();
        if (args[0].equals("hang")) {
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
