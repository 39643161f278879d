package dev.portalkit.core;

import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/**
 * The streaming replicas lag-tolerant reads may use (README, "Read replicas"), as
 * {@link Portal.Builder#readReplica} and its options set them.
 *
 * @param dataSources          the replicas' pools, the host's (never closed by PortalKit)
 * @param maxLagBytes          how far a replica's replayed WAL may trail the primary's before it is skipped
 * @param readYourWritesWindow how long after a write its caller's reads wait for a replica to replay it
 *                             (and go to the primary meanwhile)
 */
public record ReadReplicas(List<DataSource> dataSources, long maxLagBytes, Duration readYourWritesWindow) {

    /** One WAL segment: a replica further behind than that is skipped. */
    public static final long DEFAULT_MAX_LAG_BYTES = 16L * 1024 * 1024;
    public static final Duration DEFAULT_READ_YOUR_WRITES_WINDOW = Duration.ofSeconds(30);

    public ReadReplicas {
        dataSources = List.copyOf(dataSources);
    }

    @Override
    public String toString() {
        return "ReadReplicas[" + dataSources.size() + " replica(s), maxLagBytes=" + maxLagBytes
                + ", readYourWritesWindow=" + readYourWritesWindow + "]";
    }
}
