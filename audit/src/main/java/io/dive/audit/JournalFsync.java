package io.dive.audit;

import java.util.Locale;

/**
 * When the journal is flushed to the disk. Every append is one {@code write()} to the OS before the
 * request answers, so a killed process ({@code kill -9}) loses nothing in any mode; the modes differ
 * only for a power loss or an OS crash.
 */
public enum JournalFsync {
    /** Never forced: the OS writes the pages back when it likes (seconds); a power loss can lose them. */
    NONE,
    /** The writer thread forces the journal every {@code journalFsyncMillis}: a power loss loses at most that window. */
    INTERVAL,
    /** Every append is forced before the request answers: survives a power loss, costs a disk flush per record. */
    ALWAYS;

    /** {@code none}, {@code interval} or {@code always}; anything else is refused naming the setting. */
    static JournalFsync parse(String key, String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " must be none, interval or always, was '" + value + "'");
        }
    }
}
