package dev.portalkit.testing.internal;

import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;

/**
 * A test JVM for {@code ServerHousekeepingIT}: {@code create} makes a database, prints its name and
 * waits to be killed; {@code start} only starts the kit (its first use) and prints what it dropped.
 */
public final class LeftoverJvm {

    private LeftoverJvm() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args[0].equals("create")) {
            TestDatabase db = TestDatabases.empty();
            System.out.println("created " + db.name());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        } else {
            TestDatabases.server();
            System.out.println("started");
        }
    }
}
