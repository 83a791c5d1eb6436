package io.dive.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The auditor's reads: a page of records in (timestamp, id) order, continued by an opaque cursor
 * (the last record's timestamp and id), and counts by outcome and classification over a time range.
 */
public final class MongoAuditStore {

    /** One page; {@code cursor} is null on the last page. */
    public record Page(List<AuditEncoding.Entry> records, String cursor) {
    }

    /** How many records had this outcome and classification. */
    public record Count(String outcome, String classification, long count) {
    }

    private final MongoDatabase database;

    public MongoAuditStore(MongoDatabase database) {
        this.database = database;
    }

    public Page find(AuditQuery query) {
        List<Bson> filters = filters(query.subject(), query.resource(), query.outcome(),
                query.correlationId(), query.requestId(), query.from(), query.to());
        if (query.cursor() != null) {
            Cursor after = Cursor.parse(query.cursor());
            filters.add(Filters.or(Filters.gt(AuditFields.TIMESTAMP, after.timestamp()),
                    Filters.and(Filters.eq(AuditFields.TIMESTAMP, after.timestamp()), Filters.gt(AuditFields.ID, after.id()))));
        }
        List<AuditEncoding.Entry> records = new ArrayList<>();
        collection(query.collection()).find(filters.isEmpty() ? new BsonDocument() : Filters.and(filters))
                .sort(Sorts.ascending(AuditFields.TIMESTAMP, AuditFields.ID)).limit(query.limit() + 1)
                .forEach(document -> records.add(new AuditEncoding.Entry(query.collection(), document)));
        if (records.size() <= query.limit()) {
            return new Page(records, null);
        }
        List<AuditEncoding.Entry> page = records.subList(0, query.limit());
        BsonDocument last = page.get(page.size() - 1).document();
        return new Page(List.copyOf(page), new Cursor(new Date(last.getDateTime(AuditFields.TIMESTAMP).getValue()),
                last.getString(AuditFields.ID).getValue()).encode());
    }

    public List<Count> counts(AuditCollection collection, Instant from, Instant to) {
        List<Bson> filters = filters(null, null, null, null, null, from, to);
        List<Count> counts = new ArrayList<>();
        collection(collection).aggregate(List.of(
                Aggregates.match(filters.isEmpty() ? new BsonDocument() : Filters.and(filters)),
                Aggregates.group(new Document(AuditFields.OUTCOME, "$" + AuditFields.OUTCOME)
                        .append(AuditFields.CLASSIFICATION, "$" + AuditFields.CLASSIFICATION), Accumulators.sum("count", 1))))
                .forEach(group -> {
                    BsonDocument key = group.getDocument(AuditFields.ID);
                    counts.add(new Count(text(key, AuditFields.OUTCOME), text(key, AuditFields.CLASSIFICATION),
                            group.get("count").asNumber().longValue()));
                });
        return counts;
    }

    private MongoCollection<BsonDocument> collection(AuditCollection collection) {
        return database.getCollection(collection.collectionName(), BsonDocument.class);
    }

    private static List<Bson> filters(String subject, String resource, String outcome,
            String correlationId, String requestId, Instant from, Instant to) {
        List<Bson> filters = new ArrayList<>();
        eq(filters, AuditFields.SUBJECT, subject);
        eq(filters, AuditFields.RESOURCE, resource);
        eq(filters, AuditFields.OUTCOME, outcome);
        eq(filters, AuditFields.CORRELATION_ID, correlationId);
        eq(filters, AuditFields.REQUEST_ID, requestId);
        if (from != null) {
            filters.add(Filters.gte(AuditFields.TIMESTAMP, Date.from(from)));
        }
        if (to != null) {
            filters.add(Filters.lt(AuditFields.TIMESTAMP, Date.from(to)));
        }
        return filters;
    }

    private static void eq(List<Bson> filters, String field, String value) {
        if (value != null) {
            filters.add(Filters.eq(field, value));
        }
    }

    private static String text(BsonDocument document, String field) {
        return document.isString(field) ? document.getString(field).getValue() : null;
    }

    /** The position after the last record of a page. */
    record Cursor(Date timestamp, String id) {
        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((timestamp.getTime() + ":" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor parse(String cursor) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int colon = text.indexOf(':');
                return new Cursor(new Date(Long.parseLong(text.substring(0, colon))), text.substring(colon + 1));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("cursor is not one this API returned");
            }
        }
    }
}
