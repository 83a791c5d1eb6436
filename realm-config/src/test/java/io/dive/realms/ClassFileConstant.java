package io.dive.realms;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads a {@code static final String} constant from a class file without loading the class (JVMS §4). */
final class ClassFileConstant {

    private ClassFileConstant() {
    }

    /** The value of the String constant {@code field} of {@code className}, or null if it has none. */
    static String read(ClassLoader loader, String className, String field) {
        try (InputStream stream = loader.getResourceAsStream(className.replace('.', '/') + ".class")) {
            if (stream == null) {
                return null;
            }
            DataInputStream in = new DataInputStream(stream);
            in.readInt(); // magic
            in.readUnsignedShort(); // minor version
            in.readUnsignedShort(); // major version
            int count = in.readUnsignedShort();
            Object[] pool = new Object[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> pool[i] = in.readUTF();
                    case 8 -> pool[i] = in.readUnsignedShort(); // String: index of its Utf8
                    case 7, 16, 19, 20 -> in.readUnsignedShort();
                    case 15 -> in.skipBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                    case 5, 6 -> {
                        in.skipBytes(8);
                        i++; // eight-byte constants take two slots
                    }
                    default -> throw new IOException("unknown constant-pool tag " + tag + " in " + className);
                }
            }
            in.skipBytes(6); // access flags, this class, super class
            in.skipBytes(2 * in.readUnsignedShort()); // interfaces
            int fields = in.readUnsignedShort();
            for (int f = 0; f < fields; f++) {
                in.readUnsignedShort(); // access flags
                Object name = pool[in.readUnsignedShort()];
                in.readUnsignedShort(); // descriptor
                int attributes = in.readUnsignedShort();
                for (int a = 0; a < attributes; a++) {
                    Object attribute = pool[in.readUnsignedShort()];
                    int length = in.readInt();
                    if (field.equals(name) && "ConstantValue".equals(attribute)) {
                        Object value = pool[in.readUnsignedShort()];
                        return value instanceof Integer utf8 ? (String) pool[utf8] : null;
                    }
                    in.skipBytes(length);
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
