package dev.portalkit.benchmarks.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The bookings table as a plain JPA entity, customer and provider as lazy associations. */
@Entity
@Table(name = "bookings", schema = "portal")
public class BookingEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.UUID)
    public UUID id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "customer_id")
    public UserEntity customer;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "provider_id")
    public UserEntity provider;
    @Column(name = "starts_at")
    public Instant startsAt;
    @Column(name = "ends_at")
    public Instant endsAt;
    @Column(name = "blocked_from")
    public Instant blockedFrom;
    @Column(name = "blocked_until")
    public Instant blockedUntil;
    @Column(name = "time_zone")
    public String timeZone;
    public String title;
    public String notes;
    public String location;
    @Column(name = "meeting_url")
    public String meetingUrl;
    public String status;
    @Column(name = "confirmed_at")
    public Instant confirmedAt;
    @Column(insertable = false, updatable = false)
    public long version;
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
    @Column(name = "updated_at", insertable = false, updatable = false)
    public Instant updatedAt;
}
