package io.dive.audit;

import com.mongodb.MongoClientSettings;
import org.bson.BsonDocument;
import org.bson.BsonDocumentWriter;
import org.bson.BsonString;
import org.bson.codecs.Codec;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * Records as BSON documents (the driver's record codec: {@code id} → {@code _id}, {@code Instant} →
 * BSON Date) and documents as text: canonical Extended JSON for the journal (round-trips every type
 * exactly), relaxed JSON for the JSON-lines file (readable; dates as {@code {"$date": "..."}}).
 */
public final class AuditEncoding {

    private static final CodecRegistry CODECS = MongoClientSettings.getDefaultCodecRegistry();
    private static final JsonWriterSettings CANONICAL = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    /** A record ready for a sink: its collection and its document. */
    public record Entry(AuditCollection collection, BsonDocument document) {
        public String id() {
            return document.getString(AuditFields.ID).getValue();
        }
    }

    public static Entry encode(AuditRecord record) {
        BsonDocument document = new BsonDocument();
        encoder(record).encode(new BsonDocumentWriter(document), record, EncoderContext.builder().build());
        return new Entry(record.collection(), document);
    }

    /** The record of a stored document (the auditor's queries). */
    public static <T extends AuditRecord> T decode(Class<T> type, BsonDocument document) {
        return CODECS.get(type).decode(document.asBsonReader(), org.bson.codecs.DecoderContext.builder().build());
    }

    /** One journal line: the collection name and the canonical document. */
    static String journalLine(Entry entry) {
        BsonDocument line = new BsonDocument("c", new BsonString(entry.collection().collectionName())).append("d", entry.document());
        return line.toJson(CANONICAL);
    }

    static Entry fromJournalLine(String line) {
        BsonDocument parsed = BsonDocument.parse(line);
        AuditCollection collection = AuditCollection.named(parsed.getString("c").getValue())
                .orElseThrow(() -> new IllegalArgumentException("unknown collection in journal line"));
        return new Entry(collection, parsed.getDocument("d"));
    }

    /** One JSON line of the file sink: the document with its collection named. */
    static String fileLine(Entry entry) {
        BsonDocument line = new BsonDocument("collection", new BsonString(entry.collection().collectionName()));
        entry.document().forEach(line::append);
        return line.toJson(RELAXED);
    }

    /** A document as relaxed JSON (dates as {@code {"$date": "..."}}), for the auditor API. */
    public static String json(BsonDocument document) {
        return document.toJson(RELAXED);
    }

    @SuppressWarnings("unchecked")
    private static Codec<AuditRecord> encoder(AuditRecord record) {
        return (Codec<AuditRecord>) CODECS.get(record.getClass());
    }

    private AuditEncoding() {
    }
}
