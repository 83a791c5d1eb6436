package io.dive.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads a reference data file shipped on the class path; a missing or unreadable file is fatal. */
final class ReferenceResource {

    /** Parses an opened resource. */
    interface Parser<T> {
        T parse(InputStream in) throws IOException;
    }

    private ReferenceResource() {
    }

    static <T> T read(String resource, Parser<T> parser) {
        try (InputStream in = ReferenceResource.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("DIVE reference data " + resource + " is missing from the class path");
            }
            return parser.parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read DIVE reference data " + resource, e);
        }
    }
}
