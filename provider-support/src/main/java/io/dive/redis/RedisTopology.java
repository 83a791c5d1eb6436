package io.dive.redis;

import java.util.List;
import java.util.stream.Collectors;

/**
 * How DIVE reaches Redis, chosen by the {@code topology} setting: one server ({@code standalone},
 * at {@code host}/{@code port}), a replicated server found through Sentinel ({@code sentinel}), or a
 * Redis Cluster ({@code cluster}). TLS, the ACL user and its password apply to the data nodes in every
 * topology; Sentinel may have its own login ({@code sentinelUser}/{@code sentinelPassword}).
 */
public sealed interface RedisTopology {

    String TOPOLOGY = "topology";
    String MASTER_NAME = "masterName";
    String SENTINELS = "sentinels";
    String SENTINEL_USER = "sentinelUser";
    String SENTINEL_PASSWORD = "sentinelPassword";
    String NODES = "nodes";

    /** The topology's name as the {@code topology} setting spells it. */
    String name();

    /** One Redis server at {@code host}/{@code port}. */
    record Standalone() implements RedisTopology {
        @Override
        public String name() {
            return "standalone";
        }
    }

    /** The master Sentinel knows as {@code masterName}, asked of {@code sentinels}. */
    record Sentinel(String masterName, List<RedisAddress> sentinels, String user, String password) implements RedisTopology {
        public Sentinel {
            if (masterName == null || masterName.isBlank()) {
                throw new IllegalArgumentException(SettingsLookup.option(MASTER_NAME) + " is required with topology=sentinel");
            }
            if (sentinels == null || sentinels.isEmpty()) {
                throw new IllegalArgumentException(SettingsLookup.option(SENTINELS)
                        + " (host:port,host:port,...) is required with topology=sentinel");
            }
            if (user != null && password == null) {
                throw new IllegalArgumentException(SettingsLookup.option(SENTINEL_USER) + " '" + user + "' needs a "
                        + SettingsLookup.option(SENTINEL_PASSWORD));
            }
            sentinels = List.copyOf(sentinels);
        }

        @Override
        public String name() {
            return "sentinel";
        }

        @Override
        public String toString() {
            return "sentinel master '" + masterName + "' via " + join(sentinels)
                    + (user == null ? "" : ", sentinel user '" + user + "'") + (password == null ? "" : ", sentinel password set");
        }
    }

    /** A Redis Cluster discovered from its {@code nodes} (seed nodes; the others are found through them). */
    record Cluster(List<RedisAddress> nodes) implements RedisTopology {
        public Cluster {
            if (nodes == null || nodes.isEmpty()) {
                throw new IllegalArgumentException(SettingsLookup.option(NODES)
                        + " (seed nodes host:port,host:port,...) is required with topology=cluster");
            }
            nodes = List.copyOf(nodes);
        }

        @Override
        public String name() {
            return "cluster";
        }

        @Override
        public String toString() {
            return "cluster seeds " + join(nodes);
        }
    }

    static RedisTopology from(SettingsLookup lookup) {
        String topology = lookup.text(TOPOLOGY, "standalone");
        return switch (topology) {
            case "standalone" -> new Standalone();
            case "sentinel" -> new Sentinel(lookup.optional(MASTER_NAME), lookup.addresses(SENTINELS),
                    lookup.optional(SENTINEL_USER), lookup.optional(SENTINEL_PASSWORD));
            case "cluster" -> new Cluster(lookup.addresses(NODES));
            default -> throw new IllegalArgumentException(SettingsLookup.option(TOPOLOGY)
                    + " must be standalone, sentinel or cluster, was '" + topology + "'");
        };
    }

    private static String join(List<RedisAddress> addresses) {
        return addresses.stream().map(RedisAddress::toString).collect(Collectors.joining(","));
    }
}
