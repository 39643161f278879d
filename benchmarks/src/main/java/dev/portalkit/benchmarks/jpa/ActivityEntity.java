package dev.portalkit.benchmarks.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * An audit row, written next to the booking in the same transaction. Since core's V4, seq is an
 * identity and txid defaults to the writing transaction; the sealer chains the row after commit.
 */
@Entity
@Table(name = "activity_logs", schema = "portal")
public class ActivityEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.UUID)
    public UUID id;
    @Column(insertable = false, updatable = false)
    public Long seq;
    @Column(name = "occurred_at")
    public Instant occurredAt;
    @Column(name = "actor_id")
    public UUID actorId;
    @Column(name = "actor_email")
    public String actorEmail;
    @Column(name = "actor_role")
    public String actorRole;
    public String action;
    @Column(name = "entity_type")
    public String entityType;
    @Column(name = "entity_id")
    public UUID entityId;
    @JdbcTypeCode(SqlTypes.JSON)
    public java.util.Map<String, Object> after;
    @ColumnTransformer(write = "CAST(? AS inet)")
    public String ip;
    @Column(name = "user_agent")
    public String userAgent;
}
