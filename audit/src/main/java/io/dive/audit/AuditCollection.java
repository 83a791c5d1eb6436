package io.dive.audit;

import java.util.Arrays;

/** The three collections and the record type each holds. */
public enum AuditCollection {
    KEY_RELEASES("key_releases", KeyRelease.class),
    DECISIONS("decisions", Decision.class),
    AUTHENTICATIONS("authentications", Authentication.class);

    private final String collectionName;
    private final Class<? extends AuditRecord> type;

    AuditCollection(String collectionName, Class<? extends AuditRecord> type) {
        this.collectionName = collectionName;
        this.type = type;
    }

    /** The MongoDB collection name (and the {@code collection} value of a JSON line). */
    public String collectionName() {
        return collectionName;
    }

    public Class<? extends AuditRecord> type() {
        return type;
    }

    static AuditCollection of(Class<?> type) {
        return Arrays.stream(values()).filter(c -> c.type == type).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an audit record: " + type));
    }

    /** By collection name, e.g. {@code key_releases}; empty for an unknown name. */
    public static java.util.Optional<AuditCollection> named(String name) {
        return Arrays.stream(values()).filter(c -> c.collectionName.equals(name)).findFirst();
    }
}
