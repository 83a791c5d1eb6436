package io.dive.audit;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;

/**
 * The indexes of the three collections and their retention: a TTL index on {@code timestamp}
 * where the server has them; where it does not (FerretDB answers NotImplemented) the sweeper
 * deletes records older than the retention. In a cluster one node sweeps at a time: it holds a
 * lease document ({@code audit_leases}, {@code _id: retention-sweeper}) that another node can
 * only take once it has expired.
 */
public final class MongoRetention {

    private static final System.Logger LOG = System.getLogger(MongoRetention.class.getName());
    static final String TTL_INDEX = "timestamp_ttl";
    static final String LEASES = "audit_leases";
    static final String SWEEPER_LEASE = "retention-sweeper";

    private final MongoDatabase database;
    private final Map<AuditCollection, Duration> retention;
    private final Clock clock;
    private final String node = UUID.randomUUID().toString();
    private final Set<AuditCollection> swept = EnumSet.noneOf(AuditCollection.class);

    public MongoRetention(MongoDatabase database, Map<AuditCollection, Duration> retention, Clock clock) {
        this.database = database;
        this.retention = retention;
        this.clock = clock;
    }

    /** Creates the query indexes and the TTL index of each collection; notes those that need the sweeper. */
    public void createIndexes() {
        for (AuditCollection collection : AuditCollection.values()) {
            MongoCollection<Document> documents = database.getCollection(collection.collectionName());
            documents.createIndex(Indexes.ascending(AuditFields.SUBJECT, AuditFields.TIMESTAMP));
            documents.createIndex(Indexes.ascending(AuditFields.RESOURCE, AuditFields.TIMESTAMP));
            documents.createIndex(Indexes.ascending(AuditFields.OUTCOME, AuditFields.TIMESTAMP));
            documents.createIndex(Indexes.ascending(AuditFields.CORRELATION_ID));
            documents.createIndex(Indexes.ascending(AuditFields.REQUEST_ID));
            if (!ttlIndex(documents, retention.get(collection))) {
                swept.add(collection);
            }
        }
        if (!swept.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "DIVE audit: no TTL indexes on this server; the retention sweeper expires " + swept);
        }
    }

    /** The collections the sweeper expires (those without a TTL index). */
    public Set<AuditCollection> swept() {
        return Set.copyOf(swept);
    }

    private static boolean ttlIndex(MongoCollection<Document> documents, Duration expiry) {
        IndexOptions options = new IndexOptions().name(TTL_INDEX).expireAfter(expiry.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        try {
            documents.createIndex(Indexes.ascending(AuditFields.TIMESTAMP), options);
            return true;
        } catch (MongoCommandException e) {
            if ("IndexOptionsConflict".equals(e.getErrorCodeName()) || e.getErrorCode() == 85 || e.getErrorCode() == 86) {
                // The retention changed: the index is rebuilt with the new expiry.
                documents.dropIndex(TTL_INDEX);
                return ttlIndex(documents, expiry);
            }
            LOG.log(System.Logger.Level.DEBUG, "TTL index refused: " + e.getErrorCodeName());
            return false;
        }
    }

    /**
     * One sweep, if this node holds (or takes) the lease: deletes records of the swept collections
     * older than their retention. Returns the number deleted, or -1 when another node holds the lease.
     */
    public long sweep(Duration leaseFor) {
        if (swept.isEmpty()) {
            return 0;
        }
        if (!lease(leaseFor)) {
            return -1;
        }
        long deleted = 0;
        for (AuditCollection collection : swept) {
            Date cutoff = Date.from(Instant.now(clock).minus(retention.get(collection)));
            deleted += database.getCollection(collection.collectionName())
                    .deleteMany(Filters.lt(AuditFields.TIMESTAMP, cutoff)).getDeletedCount();
        }
        return deleted;
    }

    boolean lease(Duration leaseFor) {
        Instant now = Instant.now(clock);
        try {
            // _id at the top level (not inside $and): FerretDB, like MongoDB, takes the upserted
            // document's _id only from there.
            database.getCollection(LEASES).findOneAndUpdate(
                    new Document("_id", SWEEPER_LEASE).append("$or", List.of(new Document("owner", node),
                            new Document("until", new Document("$lt", Date.from(now))))),
                    Updates.combine(Updates.set("owner", node), Updates.set("until", Date.from(now.plus(leaseFor)))),
                    new FindOneAndUpdateOptions().upsert(true));
            return true;
        } catch (MongoException e) {
            // The upsert collides with the lease another node holds (duplicate key): not ours.
            return false;
        }
    }
}
