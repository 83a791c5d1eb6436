package io.dive.ztdf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenTDF key splits: the data key is the XOR of one share per split id ({@code sid}); key access
 * objects with the same sid are alternatives for that share (any one KAS may release it), different
 * sids are all needed (every KAS must agree). One sid ("" included) = the whole key, any KAS.
 */
public final class KeySplit {

    private KeySplit() {
    }

    /** The shares of {@code dataKey} for the distinct sids, in order of first appearance. */
    public static Map<String, byte[]> shares(byte[] dataKey, List<String> sids) {
        List<String> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(sids));
        Map<String, byte[]> shares = new LinkedHashMap<>();
        byte[] last = dataKey.clone();
        for (int i = 0; i < distinct.size() - 1; i++) {
            byte[] share = Crypto.random(dataKey.length);
            shares.put(distinct.get(i), share);
            xorInto(last, share);
        }
        shares.put(distinct.get(distinct.size() - 1), last);
        return shares;
    }

    /** The data key from one share per sid. */
    public static byte[] combine(List<byte[]> shares) {
        if (shares.isEmpty()) {
            throw new IllegalArgumentException("no key shares");
        }
        byte[] key = shares.get(0).clone();
        for (int i = 1; i < shares.size(); i++) {
            if (shares.get(i).length != key.length) {
                throw new IllegalArgumentException("key shares differ in length");
            }
            xorInto(key, shares.get(i));
        }
        return key;
    }

    /** True when the key access objects need more than one share (more than one distinct sid). */
    public static boolean isSplit(List<String> sids) {
        return new java.util.HashSet<>(sids).size() > 1;
    }

    private static void xorInto(byte[] target, byte[] other) {
        for (int i = 0; i < target.length; i++) {
            target[i] ^= other[i];
        }
    }
}
