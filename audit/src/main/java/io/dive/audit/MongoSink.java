package io.dive.audit;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;

/**
 * Inserts batches, unordered, per collection; duplicate-key errors (code 11000: a record replayed
 * from the journal that reached the store before) are ignored, anything else makes the batch
 * unavailable (journaled, retried later: no loss).
 */
public final class MongoSink implements AuditSink {

    private static final int DUPLICATE_KEY = 11000;

    private final MongoDatabase database;
    private final Runnable onClose;

    public MongoSink(MongoDatabase database, Runnable onClose) {
        this.database = database;
        this.onClose = onClose;
    }

    @Override
    public String name() {
        return "mongodb:" + database.getName();
    }

    @Override
    public void write(List<AuditEncoding.Entry> batch) throws AuditSinkUnavailable {
        Map<AuditCollection, List<BsonDocument>> byCollection = new EnumMap<>(AuditCollection.class);
        batch.forEach(entry -> byCollection.computeIfAbsent(entry.collection(), c -> new ArrayList<>()).add(entry.document()));
        for (Map.Entry<AuditCollection, List<BsonDocument>> group : byCollection.entrySet()) {
            try {
                database.getCollection(group.getKey().collectionName(), BsonDocument.class)
                        .insertMany(group.getValue(), new InsertManyOptions().ordered(false));
            } catch (MongoBulkWriteException e) {
                List<BulkWriteError> other = e.getWriteErrors().stream().filter(error -> error.getCode() != DUPLICATE_KEY).toList();
                if (!other.isEmpty() || e.getWriteConcernError() != null) {
                    throw new AuditSinkUnavailable("MongoDB refused " + other.size() + " records: " + e.getMessage(), e);
                }
            } catch (MongoException e) {
                throw new AuditSinkUnavailable("MongoDB unreachable: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        onClose.run();
    }
}
