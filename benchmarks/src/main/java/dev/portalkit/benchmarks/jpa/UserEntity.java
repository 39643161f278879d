package dev.portalkit.benchmarks.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The users table as a plain JPA user would map it (read side only; no password hash). */
@Entity
@Table(name = "users", schema = "portal")
public class UserEntity {
    @Id
    public UUID id;
    public String email;
    @Column(name = "display_name")
    public String displayName;
    @Column(insertable = false, updatable = false)
    public String role;
    public String status;
    @Column(name = "email_verified_at")
    public Instant emailVerifiedAt;
    @Column(name = "last_login_at")
    public Instant lastLoginAt;
    @Column(name = "password_changed_at")
    public Instant passwordChangedAt;
    public long version;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "deleted_at")
    public Instant deletedAt;
}
